import DocketCore
import GRDB

extension Replica {
    /// A node other than `node` that opened cases under office code `office`, if the replica holds any:
    /// how a node learns that a peer announcing `office` would clash with an office it has never met.
    public func nodeUsingOffice(_ office: String, besides node: NodeID) async throws -> NodeID? {
        guard !office.isEmpty else { return nil }
        let idPrefix = RecordRef.created(by: Dot(node: node, seq: 0), kind: .case).id.dropLast()
        return try await self.database.read { db in
            // A case's id names the node that opened it: `case-<node>-<seq>`. Node ids may hold `-`, so a case
            // is `node`'s only when the prefix is followed by digits alone (`case-sh-1-5` is not node sh's).
            let id = try String.fetchOne(
                db,
                sql: """
                    SELECT id FROM cases WHERE origin_office = :office
                    AND NOT (substr(id, 1, :length) = :prefix AND substr(id, :length + 1) NOT GLOB '*[^0-9]*')
                    LIMIT 1
                    """,
                arguments: ["office": office, "length": idPrefix.count, "prefix": String(idPrefix)])
            return id.flatMap(Self.openingNode(ofCase:))
        }
    }

    /// The node named in a case id `case-<node>-<seq>`.
    static func openingNode(ofCase id: String) -> NodeID? {
        guard id.hasPrefix("case-"), let dash = id.lastIndex(of: "-") else { return nil }
        return try? NodeID(String(id[id.index(id.startIndex, offsetBy: 5)..<dash]))
    }
}
