import DocketCore
import Foundation
import GRDB

extension Replica {
    /// The tables derived from the log, in the order the digest reads them.
    static let materializedTables: [(name: String, order: String)] = [
        ("record_states", "record_kind, record_id"),
        ("register_values", "record_kind, record_id, field, origin, seq"),
        ("set_members", "record_kind, record_id, set_name, element, origin, seq"),
        ("entries", "origin, seq"),
        ("cases", "id"),
        ("customers", "id"),
    ]

    /// The columns the digest reads of a table: all, except in `cases` and `customers`, whose columns for
    /// fields a later schema added (`AddedColumns`) only an upgraded office has.
    static let digestedColumns: [String: String] = [
        "cases": CaseRow.columns.joined(separator: ", "),
        "customers": CustomerRow.columns.joined(separator: ", "),
    ]

    /// A SHA-256 digest of the version vector and every materialized table, read in key order.
    ///
    /// Two replicas holding the same operations have the same digest, whatever order the operations
    /// arrived in and whatever schema version each knows; `rebuild()` and the convergence tests rely on it.
    /// `register_values` is read as every surviving write, from the state blobs
    /// (`forEachRegisterWrite`): which of them the table keeps depends on the schema version.
    public func stateDigest() throws -> String {
        try self.database.read { db in try Self.stateDigest(in: db) }
    }

    static func stateDigest(in db: Database) throws -> String {
        var hasher = SHA256()
        let tables = [("version_vector", "origin")] + Self.materializedTables
        for (table, order) in tables {
            hasher.update("\u{1D}\(table)")
            if table == "register_values" {
                try Self.forEachRegisterWrite(in: db) { _, row in
                    hasher.update("\u{1E}")
                    hasher.update(row)
                }
                continue
            }
            let columns = Self.digestedColumns[table] ?? "*"
            let rows = try Row.fetchCursor(db, sql: "SELECT \(columns) FROM \(table) ORDER BY \(order)")
            while let row = try rows.next() {
                hasher.update("\u{1E}")
                hasher.update(Self.canonicalValues(row))
            }
        }
        return hasher.hexDigest()
    }

    /// A row's values in an unambiguous text form — type tag and value, each after a separator — so equal
    /// rows hash equally and different rows cannot collide by concatenation.
    static func canonicalValues(_ row: Row) -> String {
        var text = ""
        for value in row.databaseValues {
            text += "\u{1F}"
            switch value.storage {
            case .null: text += "N"
            case .int64(let number): text += "I\(number)"
            case .double(let number): text += "D\(number)"
            case .string(let string): text += "S\(string)"
            case .blob(let data): text += "B\(data.base64EncodedString())"
            }
        }
        return text
    }

    /// What a rebuild found.
    public struct RebuildReport: Equatable, Sendable {
        public let operations: Int
        public let digestBefore: String
        public let digestAfter: String
        /// Whether `register_values` held the rows it holds after: the digest reads every surviving
        /// write from the state blobs, so it cannot see that table's rows go wrong.
        public let registerRowsUnchanged: Bool
        public var isIdentical: Bool { self.digestBefore == self.digestAfter && self.registerRowsUnchanged }
    }

    /// Throws away every materialized table and derives them again from the operation log alone,
    /// in one transaction, as this replica's schema reads the operations.
    /// - Parameter progress: called now and then with the number of operations replayed so far.
    public func rebuild(progress: (Int) -> Void = { _ in }) throws -> RebuildReport {
        try self.database.write { db in try Self.rebuild(in: db, schema: self.schema, progress: progress) }
    }

    /// Rebuilds when the materialized tables were projected with another schema version than this
    /// replica's, as after an upgrade: what the operations carried that the older version could not read
    /// is then shown in the tables, and nothing needs to be sent again. Checked with a read first: every
    /// command opens the replica, and only an upgrade needs the writer.
    /// - Returns: the rebuild's report, or nil when the tables were already projected with this schema.
    @discardableResult
    func reprojectIfSchemaChanged() throws -> RebuildReport? {
        guard try self.projectedSchema() != self.schema.version else { return nil }
        return try self.database.write { db in
            // Again under the writer: another process may have rebuilt since the read.
            guard try Self.projectedSchema(in: db) != self.schema.version else { return nil }
            return try Self.rebuild(in: db, schema: self.schema, progress: { _ in })
        }
    }

    /// The schema version the materialized tables were last projected with.
    public func projectedSchema() throws -> UInt32 {
        try self.database.read(Self.projectedSchema(in:))
    }

    static func projectedSchema(in db: Database) throws -> UInt32 {
        UInt32(clamping: try Int64.fetchOne(db, sql: "SELECT projected_schema FROM node_state") ?? 0)
    }

    static func rebuild(in db: Database, schema: DocketSchema, progress: (Int) -> Void) throws -> RebuildReport {
        let before = try Self.stateDigest(in: db)
        let rowsBefore = try Self.registerTableDigest(in: db)
        try AddedColumns.create(for: schema, in: db)
        for (table, _) in Self.materializedTables {
            try db.execute(sql: "DELETE FROM \(table)")
        }
        var replayed = 0
        var current: (state: RecordState, lastChangedAt: Int64)?
        // Each record's operations together (through `operations_by_record`; SQLite sorts each record's few
        // by origin and seq), so each record is saved once.
        let rows = try Row.fetchCursor(
            db, sql: "SELECT origin, seq, body FROM operation_log ORDER BY record_id, record_kind, origin, seq")
        while let row = try rows.next() {
            let operation = try Self.operation(from: row)
            if let pending = current, pending.state.ref != operation.record {
                try RecordStateStore.save(
                    pending.state, lastChangedAt: pending.lastChangedAt, held: .nothing, schema: schema, in: db)
                current = nil
            }
            var pending = current ?? (RecordState(ref: operation.record), 0)
            pending.state.apply(operation)
            pending.lastChangedAt = max(pending.lastChangedAt, Int64(operation.timestamp.millis))
            if let entry = pending.state.entries[operation.dot] {
                try RecordStateStore.insertEntry(entry, caseID: operation.record.id, in: db)
            }
            current = pending
            replayed += 1
            if replayed % 10_000 == 0 { progress(replayed) }
        }
        if let pending = current {
            try RecordStateStore.save(
                pending.state, lastChangedAt: pending.lastChangedAt, held: .nothing, schema: schema, in: db)
        }
        try Self.recordKnownNames(of: schema, in: db)
        try db.execute(
            sql: "UPDATE node_state SET projected_schema = :schema", arguments: ["schema": Int64(schema.version)])
        progress(replayed)
        return RebuildReport(
            operations: replayed, digestBefore: before, digestAfter: try Self.stateDigest(in: db),
            registerRowsUnchanged: try Self.registerTableDigest(in: db) == rowsBefore)
    }
}
