import DocketCore
import Foundation
import GRDB

extension Replica {
    /// `register_values` keeps only the rows something shows (`DocketSchema.keepsRows`): fields in
    /// conflict, and values from a newer Docket. A settled field is in its record's row and state blob, and
    /// its rows were a third of the cost of saving a record. The table is derived from the log, so opening
    /// the replica rebuilds it.
    static let schemaV7 = """
        UPDATE node_state SET projected_schema = 0;
        """

    /// Every surviving write of every field, in `register_values`' key order, each with its record and as
    /// the digests read a row: what the table held before it kept only some. Read from the state blobs,
    /// so the state digest and the per-record digests do not depend on which rows a build or a schema
    /// version keeps, and an office on an earlier build computes the same ones.
    static func forEachRegisterWrite(in db: Database, _ body: (RecordRef, String) throws -> Void) throws {
        try Self.forEachRegister(in: db) { ref, field, register in
            for write in Self.keyOrder(register.values) {
                try body(ref, try Self.canonicalRow(ref, field, write))
            }
        }
    }

    /// The rows `register_values` holds and the rows the state blobs say it should hold under this
    /// replica's schema, each as the digest reads a row, in key order. Equal when every save kept the
    /// table right; the digest cannot tell, since it reads the blobs.
    package func registerRows() throws -> (held: [String], expected: [String]) {
        try self.database.read { db in
            let held = try Row.fetchAll(db, sql: Self.registerTableInKeyOrder).map(Self.canonicalValues)
            var expected: [String] = []
            try Self.forEachRegister(in: db) { ref, field, register in
                guard self.schema.keepsRows(of: register, field: field, of: ref.kind) else { return }
                expected += try Self.keyOrder(register.values).map { try Self.canonicalRow(ref, field, $0) }
            }
            return (held, expected)
        }
    }

    /// `register_values` as it holds its rows, in the order its key sorts them.
    private static let registerTableInKeyOrder =
        "SELECT * FROM register_values ORDER BY record_kind, record_id, field, origin, seq"

    /// A SHA-256 of `register_values` as it holds its rows, in key order: what a rebuild compares.
    static func registerTableDigest(in db: Database) throws -> String {
        var hasher = SHA256()
        let rows = try Row.fetchCursor(db, sql: Self.registerTableInKeyOrder)
        while let row = try rows.next() {
            hasher.update("\u{1E}")
            hasher.update(Self.canonicalValues(row))
        }
        return hasher.hexDigest()
    }

    /// Each record's registers, records and fields in the order SQLite sorts their keys (bytes).
    static func forEachRegister(
        in db: Database, _ body: (RecordRef, String, MultiValueRegister) throws -> Void
    ) throws {
        let rows = try Row.fetchCursor(
            db, sql: "SELECT record_kind, record_id, state FROM record_states ORDER BY record_kind, record_id")
        while let row = try rows.next() {
            guard let kind = RecordKind(rawValue: row[0]) else {
                throw StoreError.inconsistent("record_states holds a record of kind '\(row[0] as String)'")
            }
            let ref = RecordRef(kind: kind, id: row[1])
            let state = try MergeState(ref: ref, blob: [UInt8](row[2] as Data))
            let fields = state.registers.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for field in fields { try body(ref, field, state.registers[field]!) }
        }
    }

    /// A register's writes in the order of the table's key after the field: origin (bytes), then seq.
    private static func keyOrder(_ writes: [RegisterValue]) -> [RegisterValue] {
        writes.sorted { a, b in
            let (x, y) = (a.dot.node.rawValue, b.dot.node.rawValue)
            return x == y ? a.dot.seq < b.dot.seq : x.utf8.lexicographicallyPrecedes(y.utf8)
        }
    }

    /// One write as `canonicalValues` reads its row in `register_values` (`RegisterValueRow`).
    private static func canonicalRow(_ ref: RecordRef, _ field: String, _ write: RegisterValue) throws -> String {
        let text = [
            "S" + ref.kind.rawValue, "S" + ref.id, "S" + field, "S" + write.dot.node.rawValue,
            "I\(Int64(write.dot.seq))", "I\(Int64(write.timestamp.millis))", "I\(Int64(write.timestamp.counter))",
            "S" + write.author, "S" + (try Coding.encode(write.value)),
        ]
        return text.map { "\u{1F}" + $0 }.joined()
    }
}
