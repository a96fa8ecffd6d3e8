import DocketCore
import DocketTLS

/// How a node replicates: where it listens, whom it dials, and the protocol's limits and timers.
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

    /// Address to accept peers on; `nil` dials out only.
    public var listenHost: String? = "127.0.0.1"
    public var listenPort: Int = 7420
    /// Where to write the bound listening port, for scripts that start a node on port 0.
    public var portFile: String?
    /// Peers to dial and keep connected.
    public var peers: [Peer] = []
    public var tls: TLSConfiguration
    /// Largest frame accepted or sent, in bytes. Checked before a frame's body is read.
    public var maximumFrameBytes: Int = 16 << 20
    /// At most this many operations per batch.
    public var batchOperations: Int = 1000
    /// A batch is sent once its encoding passes this many bytes.
    public var batchBytes: Int = 1 << 20
    /// Batches sent but not yet acknowledged; with `batchBytes`, bounds what a slow peer can make us buffer.
    public var window: Int = 4
    /// How often an idle link says it is alive.
    public var heartbeatSeconds: Double = 5
    /// A link that has heard nothing for this long is closed and re-dialled.
    public var idleTimeoutSeconds: Double = 20
    /// First and longest wait between dial attempts.
    public var retryInitialSeconds: Double = 0.5
    public var retryMaximumSeconds: Double = 30
    /// How often the replica is checked for commits by other processes (the CLI).
    public var changePollMilliseconds: Int = 10

    public init(tls: TLSConfiguration) {
        self.tls = tls
    }
}
