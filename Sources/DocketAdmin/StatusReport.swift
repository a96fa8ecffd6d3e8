import DocketSync
import Foundation

/// The one status contract: what `/status` serves and `docket status --json` prints, whether the daemon
/// is running (live figures) or not (what the replica alone knows).
public struct StatusReport: Codable, Sendable, Equatable {
    public struct Daemon: Codable, Sendable, Equatable {
        public var running: Bool
        public var startedAt: Date?
        /// Where peers reach this node, while its listener is up.
        public var listen: String?
        /// What keeps the running daemon from being healthy (as `/health` says); absent when all is well.
        public var problems: [String]?
    }

    public struct Counts: Codable, Sendable, Equatable {
        public var operations: Int
        public var cases: Int
        public var customers: Int
    }

    public struct Certificate: Codable, Sendable, Equatable {
        public var node: String
        public var expiresAt: Date?
        public var daysLeft: Int?
        public var fingerprint: String
    }

    /// An office whose operations arrived dated ahead of this node's wall clock.
    public struct ClockLead: Codable, Sendable, Equatable {
        /// The origin node.
        public var office: String
        /// The furthest ahead of this node's wall clock its timestamps arrived, in seconds.
        public var leadSeconds: Double
        /// When that operation arrived, by this node's clock.
        public var seenAt: Date
        /// Whether the lead passed `[sync] max_clock_lead`, so this node's clock followed it only that far.
        public var beyondBound: Bool
    }

    /// Evidence that an office wrote two histories: a different operation or signed head arrived for a
    /// dot held here. The held one stays; the other is kept, never applied.
    public struct Equivocation: Codable, Sendable, Equatable {
        public var office: String
        public var seq: UInt64
        public var source: String
        public var seenAt: Date
    }

    /// A restored replica taking back its own operations before it writes again.
    public struct Recovery: Codable, Sendable, Equatable {
        /// This node's own operations held.
        public var held: UInt64
        /// How far a peer holds them; absent while no peer has said.
        public var target: UInt64?

        public init(held: UInt64, target: UInt64?) {
            self.held = held
            self.target = target
        }
    }

    /// The Docket version that made the report (the daemon's, when it is running).
    public var version: String
    /// The schema version that build writes, to compare with each peer's `schemaVersion`; absent from
    /// reports made before it was recorded.
    public var schemaVersion: UInt64?
    public var node: String
    public var office: String
    public var generatedAt: Date
    public var daemon: Daemon
    /// Origin node to the highest `seq` held contiguously.
    public var vector: [String: UInt64]
    public var counts: Counts
    public var openConflicts: Int
    /// Cases with anything overdue now, and overdue commitments across all cases.
    public var overdueCases: Int
    public var overdueCommitments: Int
    /// The replica file plus its write-ahead log.
    public var databaseBytes: Int64
    public var certificate: Certificate?
    public var peers: [PeerStatus]
    /// Present when the daemon is running.
    public var metrics: SyncMetrics?
    /// Offices whose timestamps arrived ahead of this node's clock, furthest lead first; absent from
    /// reports made before it was recorded.
    public var clockLeads: [ClockLead]?
    /// Equivocations caught here, oldest first; absent or empty when there are none.
    public var equivocations: [Equivocation]?
    /// Present while this replica, restored from a backup, refuses local writes.
    public var recovery: Recovery?
}

extension StatusReport {
    public func encoded() throws -> Data {
        try JSONForm.makeEncoder().encode(self)
    }

    public static func decode(_ data: Data) throws -> StatusReport {
        try JSONForm.makeDecoder().decode(StatusReport.self, from: data)
    }
}
