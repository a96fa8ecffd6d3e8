import DocketCore
import Foundation
import GRDB

extension Replica {
    /// One piece of kept evidence, as status and doctor show it.
    public struct EquivocationRecord: Equatable, Sendable {
        public var dot: Dot
        /// Where the contradicting operation or signed head came from.
        public var source: String
        /// When it arrived, epoch milliseconds by this node's clock.
        public var seenAt: Int64
    }

    /// Every equivocation caught here, oldest first: each is an alarm until an administrator has dealt
    /// with the origin (docs/tls.md, "A stolen key").
    public func equivocations() throws -> [EquivocationRecord] {
        try self.database.read { db in
            try Row.fetchAll(db, sql: "SELECT origin, seq, source, seen_at FROM equivocations ORDER BY seen_at, origin, seq")
                .map { row in
                    EquivocationRecord(
                        dot: Dot(node: try NodeID(row["origin"] as String), seq: UInt64(row["seq"] as Int64)),
                        source: row["source"], seenAt: row["seen_at"])
                }
        }
    }
}
