import DocketCore
import DocketTLS

/// How a node replicates: its certificates and port file, which the daemon decides, and the tunable
/// `options`, whose members read as the configuration's own (`configuration.window`).
@dynamicMemberLookup
public struct SyncConfiguration: Sendable {
    public struct Peer: Sendable, Hashable {
        public var node: NodeID
        public var host: String
        public var port: Int

        public init(node: NodeID, host: String, port: Int) {
            self.node = node
            self.host = host
            self.port = port
        }
    }

    public var tls: TLSConfiguration
    /// Where to write the bound listening port, for scripts that start a node on port 0.
    public var portFile: String?
    public var options: SyncOptions

    public init(tls: TLSConfiguration, options: SyncOptions = SyncOptions(), portFile: String? = nil) {
        self.tls = tls
        self.options = options
        self.portFile = portFile
    }

    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<SyncOptions, Value>) -> Value {
        get { self.options[keyPath: keyPath] }
        set { self.options[keyPath: keyPath] = newValue }
    }
}
