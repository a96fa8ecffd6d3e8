/// The admin endpoint's optional loopback TCP address for Prometheus, with its default. The config file
/// is read straight into it.
public struct AdminOptions: Sendable, Hashable {
    /// `nil` serves the Unix socket only.
    public var host: String? = "127.0.0.1"
    public var port: Int = 7421

    public init() {}
}
