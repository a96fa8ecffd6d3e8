import DocketCore
import Foundation

/// What this node knows about one peer, for `docket status`, the admin endpoint and metrics.
public struct PeerStatus: Sendable, Codable, Equatable {
    public var node: String
    /// The configured address, for peers this node dials.
    public var address: String?
    public var connected = false
    /// When the current connection was established.
    public var connectedSince: Date?
    /// When the peer last held everything this node held (caught up).
    public var lastSyncAt: Date?
    /// Operations this node holds that the peer is not known to hold (measured when the status is read).
    public var peerIsBehind: UInt64 = 0
    /// Operations the peer holds that this node lacks.
    public var localIsBehind: UInt64 = 0
    public var operationsSent: UInt64 = 0
    public var operationsReceived: UInt64 = 0
    /// The peer's wall clock minus ours when it said hello (including network delay). Merging never
    /// depends on it; large values are worth an admin's look at NTP.
    public var clockSkewMilliseconds: Int64?
    /// The peer's software as its last hello said, e.g. `docket 0.3.0`; absent until a hello arrives.
    public var software: String?
    /// The protocol version agreed with the peer at its last hello; absent when none was (a refusal).
    public var protocolVersion: UInt16?
    /// The schema version the peer writes, as its last hello said.
    public var schemaVersion: UInt64?
    /// When the peer's last hello shared no protocol version with this node: the refusal, which names the
    /// side to upgrade.
    public var versionMismatch: String?
    public var lastError: String?
    public var lastErrorAt: Date?

    public init(node: String, address: String? = nil) {
        self.node = node
        self.address = address
    }

    /// Operations in `ahead` that `behind` lacks; saturates rather than trapping on a peer's absurd counters.
    static func lag(of behind: VersionVector, against ahead: VersionVector) -> UInt64 {
        ahead.sortedEntries.reduce(0) { total, entry in
            let missing = entry.seq > behind[entry.node] ? entry.seq - behind[entry.node] : 0
            let (sum, overflow) = total.addingReportingOverflow(missing)
            return overflow ? .max : sum
        }
    }
}
