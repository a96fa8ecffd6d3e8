/// Where the local admin endpoint listens. It is never exposed beyond this machine.
public struct AdminConfiguration: Sendable {
    /// A Unix socket, for `docket status` and other local commands; file mode keeps it to the daemon's user.
    public var socketPath: String
    /// An optional loopback TCP address for Prometheus; `nil` serves the socket only.
    public var host: String?
    public var port: Int
    /// Where to write the bound TCP port, for scripts that ask for port 0.
    public var portFile: String?

    public init(socketPath: String, host: String? = "127.0.0.1", port: Int = 7421, portFile: String? = nil) {
        self.socketPath = socketPath
        self.host = host
        self.port = port
        self.portFile = portFile
    }
}
