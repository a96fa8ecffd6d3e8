import Foundation

/// Counters and a histogram of the replication daemon, for `/metrics`.
public struct SyncMetrics: Sendable, Codable, Equatable {
    /// Upper bounds, in seconds, of the sync-duration histogram buckets (the last bucket is +Inf).
    public static let durationBuckets: [Double] = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300]

    /// Frames refused as malformed or too large.
    public var frameErrors: UInt64 = 0
    /// Connections refused during the TLS handshake.
    public var handshakeFailures: UInt64 = 0
    /// Connections closed with a refusal of any kind (sent or received).
    public var refusals: UInt64 = 0
    /// Batches refused because a chain or signature check failed (forged, altered, revoked, unsigned).
    public var forgedRefusals: UInt64 = 0
    /// Batches refused because they contradicted an operation or signed head held here.
    public var equivocationRefusals: UInt64 = 0
    /// Operations applied from peers (duplicates excluded).
    public var operationsApplied: UInt64 = 0
    /// Catch-ups: how long from a connection's vector exchange until the peer held everything.
    public var syncDurationCounts: [UInt64] = Array(repeating: 0, count: SyncMetrics.durationBuckets.count + 1)
    public var syncDurationSum: Double = 0
    public var syncDurationCount: UInt64 = 0

    public init() {}

    mutating func observeSyncDuration(_ seconds: Double) {
        let bucket = Self.durationBuckets.firstIndex { seconds <= $0 } ?? Self.durationBuckets.count
        self.syncDurationCounts[bucket] += 1
        self.syncDurationSum += seconds
        self.syncDurationCount += 1
    }
}

/// A moment's view of the replication daemon: what `/status` and `/metrics` report.
public struct SyncSnapshot: Sendable, Codable, Equatable {
    public var startedAt: Date
    public var listenAddress: String?
    public var peers: [PeerStatus]
    public var metrics: SyncMetrics
}
