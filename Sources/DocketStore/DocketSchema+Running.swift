import DocketCore

extension DocketSchema {
    /// The schema this process works with: `current`, or, for tests only, `testExtension` when the
    /// environment says `DOCKET_TEST_SCHEMA=2`. The one place the variable is read, so a test can run an
    /// office that knows a newer schema than the build it is in (docs/upgrading.md).
    public static let running: DocketSchema =
        ProcessEnvironment["DOCKET_TEST_SCHEMA"] == String(testExtension.version)
        ? .testExtension : .current
}
