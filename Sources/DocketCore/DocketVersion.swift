/// The released version of Docket, shown by `docket --version`, `docket version` and `docket status`.
public enum DocketVersion {
    public static let current = "0.3.0"
}
