import DocketCore
import Foundation
import GRDB

extension Replica {
    /// A replica's state in brief, to compare with another's: its vector, its state digest and,
    /// on request, a digest per record.
    public struct Summary: Sendable, Equatable {
        public let vector: VersionVector
        public let digest: String
        /// Record id to the SHA-256 of everything materialized for it, sorted by id; empty unless asked for.
        public let records: [(id: String, digest: String)]

        public init(vector: VersionVector, digest: String, records: [(id: String, digest: String)]) {
            self.vector = vector
            self.digest = digest
            self.records = records
        }

        public static func == (lhs: Summary, rhs: Summary) -> Bool {
            lhs.vector == rhs.vector && lhs.digest == rhs.digest
                && lhs.records.map(\.id) == rhs.records.map(\.id) && lhs.records.map(\.digest) == rhs.records.map(\.digest)
        }
    }

    /// The summary, read in one snapshot so the vector and the digests describe the same state.
    public func summary(withRecords: Bool) throws -> Summary {
        try self.database.read { try Self.summary(withRecords: withRecords, in: $0) }
    }

    static func summary(withRecords: Bool, in db: Database) throws -> Summary {
        Summary(
            vector: try Self.vector(in: db),
            digest: try Self.stateDigest(in: db),
            records: withRecords ? try Self.recordDigests(in: db) : [])
    }

    /// One pass over each materialized table, feeding each row to its record's hasher.
    static func recordDigests(in db: Database) throws -> [(id: String, digest: String)] {
        let keyColumn: [String: String] = ["entries": "case_id", "cases": "id", "customers": "id"]
        var hashers: [String: SHA256] = [:]
        for (table, order) in Self.materializedTables {
            if table == "register_values" {
                // Every surviving write, as for the state digest.
                try Self.forEachRegisterWrite(in: db) { ref, row in
                    hashers[ref.id, default: SHA256()].update("\u{1D}\(table)\u{1E}" + row)
                }
                continue
            }
            let key = keyColumn[table] ?? "record_id"
            let columns = Self.digestedColumns[table] ?? "*"
            let rows = try Row.fetchCursor(db, sql: "SELECT \(columns) FROM \(table) ORDER BY \(key), \(order)")
            while let row = try rows.next() {
                let id: String = row[key]
                hashers[id, default: SHA256()].update("\u{1D}\(table)\u{1E}" + Self.canonicalValues(row))
            }
        }
        return hashers.keys.sorted().map { ($0, hashers[$0]!.hexDigest()) }
    }
}
