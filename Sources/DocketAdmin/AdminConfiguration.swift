/// Where the local admin endpoint listens. It is never exposed beyond this machine.
///
/// The socket and port file follow from the data directory; the TCP address is in `options`, whose
/// members read as the configuration's own (`configuration.host`).
@dynamicMemberLookup
public struct AdminConfiguration: Sendable {
    /// A Unix socket, for `docket status` and other local commands; file mode keeps it to the daemon's user.
    public var socketPath: String
    public var options: AdminOptions
    /// Where to write the bound TCP port, for scripts that ask for port 0.
    public var portFile: String?

    public init(socketPath: String, options: AdminOptions = AdminOptions(), portFile: String? = nil) {
        self.socketPath = socketPath
        self.options = options
        self.portFile = portFile
    }

    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<AdminOptions, Value>) -> Value {
        get { self.options[keyPath: keyPath] }
        set { self.options[keyPath: keyPath] = newValue }
    }
}
