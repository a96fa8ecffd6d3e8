import DocketCore
import GRDB

/// Loads and saves record states in the merge-state tables, and projects them onto `cases`/`customers`.
///
/// The merge itself is `RecordState.apply` in the core; this type only moves state in and out of SQL.
enum RecordStateStore {
    /// A record's whole state, entries included, or nil when this replica has never seen the record.
    static func load(_ ref: RecordRef, in db: Database) throws -> RecordState? {
        try self.loadMergeState(ref, in: db)?.recordState(entries: try self.entries(of: ref, in: db))
    }

    /// What the merge-state tables hold for a record, or nil when this replica has never seen it.
    static func loadMergeState(_ ref: RecordRef, in db: Database) throws -> MergeState? {
        guard let clock = try self.clock(of: ref, in: db) else { return nil }
        let key = self.key(ref)
        var values: [String: [RegisterValue]] = [:]
        for row in try Row.fetchAll(
            try db.cachedStatement(
                sql: """
                    SELECT field, origin, seq, hlc_millis, hlc_counter, author, value
                    FROM register_values WHERE record_kind = :kind AND record_id = :id
                    """),
            arguments: key)
        {
            values[row["field"], default: []].append(try self.registerValue(row))
        }
        var registers: [String: MultiValueRegister] = [:]
        for row in try Row.fetchAll(
            try db.cachedStatement(
                sql: "SELECT field, clock FROM register_frontiers WHERE record_kind = :kind AND record_id = :id"),
            arguments: key)
        {
            let field: String = row["field"]
            let frontier = try Coding.decode(VectorClock.self, from: row["clock"])
            registers[field] = MultiValueRegister(frontier: frontier, values: values[field] ?? [])
        }
        let adds = try self.setTags(of: ref, in: .members, db: db)
        let removed = try self.setTags(of: ref, in: .removed, db: db)
        var sets: [String: ObservedRemoveSet] = [:]
        for name in Set(adds.keys).union(removed.keys) {
            sets[name] = ObservedRemoveSet(adds: adds[name] ?? [:], removed: removed[name] ?? [:])
        }
        return MergeState(ref: ref, clock: clock, registers: registers, sets: sets)
    }

    /// A record's clock, or nil when this replica has never seen the record.
    static func clock(of ref: RecordRef, in db: Database) throws -> VectorClock? {
        try String.fetchOne(
            try db.cachedStatement(
                sql: "SELECT clock FROM record_clocks WHERE record_kind = :kind AND record_id = :id"),
            arguments: self.key(ref)
        ).map { try Coding.decode(VectorClock.self, from: $0) }
    }

    /// One field's register, or nil when the record has none by that name.
    static func register(_ field: String, of ref: RecordRef, in db: Database) throws -> MultiValueRegister? {
        var arguments = self.key(ref)
        arguments += ["field": field]
        guard let frontier = try String.fetchOne(
            try db.cachedStatement(
                sql: """
                    SELECT clock FROM register_frontiers
                    WHERE record_kind = :kind AND record_id = :id AND field = :field
                    """),
            arguments: arguments)
        else { return nil }
        let values = try Row.fetchAll(
            try db.cachedStatement(
                sql: """
                    SELECT origin, seq, hlc_millis, hlc_counter, author, value FROM register_values
                    WHERE record_kind = :kind AND record_id = :id AND field = :field
                    """),
            arguments: arguments
        ).map(self.registerValue)
        return MultiValueRegister(frontier: try Coding.decode(VectorClock.self, from: frontier), values: values)
    }

    /// A case's entries as stored, including those inserted earlier in the current transaction.
    static func entries(of ref: RecordRef, in db: Database) throws -> [Dot: EntryRecord] {
        var entries: [Dot: EntryRecord] = [:]
        for row in try Row.fetchAll(
            try db.cachedStatement(
                sql: "SELECT origin, seq, hlc_millis, hlc_counter, author, body FROM entries WHERE case_id = :id"),
            arguments: ["id": ref.id])
        {
            let record = EntryRecord(
                dot: try dot(row),
                timestamp: timestamp(row),
                author: row["author"],
                entry: try Coding.decode(Entry.self, from: row["body"])
            )
            entries[record.dot] = record
        }
        return entries
    }

    /// The named arguments `:kind` and `:id` that select a record's rows.
    static func key(_ ref: RecordRef) -> StatementArguments {
        ["kind": ref.kind.rawValue, "id": ref.id]
    }

    /// A record's tags in `table`, by set name and element.
    private static func setTags(
        of ref: RecordRef,
        in table: SetTagTable,
        db: Database
    ) throws -> [String: [String: Set<Dot>]] {
        var tags: [String: [String: Set<Dot>]] = [:]
        for row in try Row.fetchAll(
            try db.cachedStatement(
                sql: "SELECT set_name, element, origin, seq FROM \(table.rawValue) WHERE record_kind = :kind AND record_id = :id"),
            arguments: self.key(ref))
        {
            tags[row["set_name"], default: [:]][row["element"], default: []].insert(try dot(row))
        }
        return tags
    }

    private static func registerValue(_ row: Row) throws -> RegisterValue {
        RegisterValue(
            dot: try dot(row),
            timestamp: timestamp(row),
            author: row["author"],
            value: try Coding.decode(FieldValue.self, from: row["value"])
        )
    }

    static func dot(_ row: Row) throws -> Dot {
        Dot(node: try NodeID(row["origin"] as String), seq: UInt64(row["seq"] as Int64))
    }

    static func timestamp(_ row: Row) -> HLCTimestamp {
        HLCTimestamp(millis: UInt64(row["hlc_millis"] as Int64), counter: UInt32(row["hlc_counter"] as Int64))
    }
}
