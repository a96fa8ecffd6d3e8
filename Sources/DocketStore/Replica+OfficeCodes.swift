import DocketCore
import GRDB

extension Replica {
    /// A node other than `node` that opened cases under office code `office`, if the replica holds any:
    /// how a node learns that a peer announcing `office` would clash with an office it has never met.
    ///
    /// Asked at every handshake, so it looks up one case per origin held instead of scanning the cases: that
    /// scan grew with the replica, a tenth of a second of every connection at a million operations. A case's
    /// id names the node that opened it (`case-<node>-<seq>`), and a node's office code is fixed when its
    /// replica is made, so any one case a node opened says which code it writes under.
    public func nodeUsingOffice(_ office: String, besides node: NodeID) async throws -> NodeID? {
        guard !office.isEmpty else { return nil }
        return try await self.database.read { db in
            for (origin, _) in try Self.vector(in: db).sortedEntries where origin != node {
                // The ids of `origin`'s cases sort between `case-<origin>-` and `case-<origin>.`. Node ids may
                // hold `-`, so one there is `origin`'s only when digits alone follow (`case-sh-1-5` is node
                // sh-1's, not sh's).
                let prefix = RecordRef.created(by: Dot(node: origin, seq: 0), kind: .case).id.dropLast()
                let opened = try String.fetchOne(
                    try db.cachedStatement(
                        sql: """
                            SELECT origin_office FROM cases
                            WHERE id >= :prefix AND id < :end AND substr(id, :length + 1) NOT GLOB '*[^0-9]*'
                            ORDER BY id LIMIT 1
                            """),
                    arguments: ["prefix": String(prefix), "end": prefix.dropLast() + ".", "length": prefix.count])
                if opened == office { return origin }
            }
            return nil
        }
    }
}
