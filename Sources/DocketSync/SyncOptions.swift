import DocketCore
import DocketStore

/// The part of a node's replication that the operator tunes: where it listens, whom it dials, and the
/// protocol's limits and timers. Every default lives here, and the config file is read straight into it.
public struct SyncOptions: Sendable, Hashable {
    /// Address to accept peers on; `nil` dials out only.
    public var listenHost: String? = "127.0.0.1"
    public var listenPort: Int = 7420
    /// Peers to dial and keep connected.
    public var peers: [SyncConfiguration.Peer] = []
    /// Largest frame accepted or sent, in bytes. Checked before a frame's body is read.
    public var maximumFrameBytes: Int = 16 << 20
    /// At most this many operations per batch.
    public var batchOperations: Int = 1000
    /// A batch is sent once its encoding passes this many bytes.
    public var batchBytes: Int = 1 << 20
    /// The most batches this node takes from a peer unacknowledged, announced in its hello; a peer is sent
    /// no more than the smaller of the two windows, and one that sends more is refused. With `batchBytes`,
    /// it bounds what a peer makes this node buffer. Half the batches in flight are the most from one peer
    /// applied in one transaction, and larger transactions write shared pages once: a catch-up runs faster
    /// with a larger window.
    public var window: Int = 16
    /// The windows an operator may set; the largest is also what a peer whose hello announces none (an
    /// earlier build) may have outstanding before it is refused.
    public static let windows = 1...64
    /// How often an idle link says it is alive.
    public var heartbeatSeconds: Double = 5
    /// A link that has heard nothing for this long is closed and re-dialled.
    public var idleTimeoutSeconds: Double = 20
    /// First and longest ceiling of the wait between dial attempts.
    public var retryInitialSeconds: Double = 1
    public var retryMaximumSeconds: Double = 30
    /// How far ahead of this node's wall clock a received timestamp may move its hybrid logical clock; an
    /// operation dated further ahead is still applied, and its origin's lead reported.
    public var maximumClockLeadMillis: Int64 = ClockBound.defaultMaximumLeadMillis
    /// How often the replica is checked for commits by other processes (the CLI) when no file notification
    /// came: notifications wake the daemon at once, and this is only the fallback.
    public var changePollMilliseconds: Int = 1000

    public init() {}
}
