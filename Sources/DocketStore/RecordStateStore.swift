import DocketCore
import GRDB

/// Loads and saves `RecordState`s in the merge-state tables, and projects them onto `cases`/`customers`.
///
/// The merge itself is `RecordState.apply` in the core; this type only moves state in and out of SQL.
enum RecordStateStore {
    static func load(_ ref: RecordRef, in db: Database, withEntries: Bool = true) throws -> RecordState? {
        guard let clockText = try String.fetchOne(
            db, sql: "SELECT clock FROM record_clocks WHERE record_id = ? AND record_kind = ?",
            arguments: [ref.id, ref.kind.rawValue])
        else { return nil }
        var frontiers: [String: VectorClock] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT field, clock FROM register_frontiers WHERE record_id = ?", arguments: [ref.id])
        {
            frontiers[row["field"]] = try Coding.decode(VectorClock.self, from: row["clock"])
        }
        var values: [String: [RegisterValue]] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT field, origin, seq, hlc_millis, hlc_counter, author, value
                FROM register_values WHERE record_id = ?
                """,
            arguments: [ref.id])
        {
            let value = RegisterValue(
                dot: try dot(row),
                timestamp: timestamp(row),
                author: row["author"],
                value: try Coding.decode(FieldValue.self, from: row["value"])
            )
            values[row["field"], default: []].append(value)
        }
        var registers: [String: MultiValueRegister] = [:]
        for (field, frontier) in frontiers {
            registers[field] = MultiValueRegister(frontier: frontier, values: values[field] ?? [])
        }
        var adds: [String: [String: Set<Dot>]] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT set_name, element, origin, seq FROM set_members WHERE record_id = ?", arguments: [ref.id])
        {
            adds[row["set_name"], default: [:]][row["element"], default: []].insert(try dot(row))
        }
        var removed: [String: [String: Set<Dot>]] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT set_name, element, origin, seq FROM set_removed WHERE record_id = ?", arguments: [ref.id])
        {
            removed[row["set_name"], default: [:]][row["element"], default: []].insert(try dot(row))
        }
        var sets: [String: ObservedRemoveSet] = [:]
        for name in Set(adds.keys).union(removed.keys) {
            sets[name] = ObservedRemoveSet(adds: adds[name] ?? [:], removed: removed[name] ?? [:])
        }
        var entries: [Dot: EntryRecord] = [:]
        if withEntries {
            for row in try Row.fetchAll(
                db,
                sql: "SELECT origin, seq, hlc_millis, hlc_counter, author, body FROM entries WHERE case_id = ?",
                arguments: [ref.id])
            {
                let record = EntryRecord(
                    dot: try dot(row),
                    timestamp: timestamp(row),
                    author: row["author"],
                    entry: try Coding.decode(Entry.self, from: row["body"])
                )
                entries[record.dot] = record
            }
        }
        return RecordState(
            ref: ref,
            clock: try Coding.decode(VectorClock.self, from: clockText),
            registers: registers,
            sets: sets,
            entries: entries
        )
    }

    /// Writes a record's clock, registers and sets (entries are inserted as they arrive) and its row.
    static func save(_ state: RecordState, lastChangedAt: Int64, in db: Database) throws {
        let id = state.ref.id
        try db.execute(
            sql: "INSERT OR REPLACE INTO record_clocks (record_id, record_kind, clock) VALUES (?, ?, ?)",
            arguments: [id, state.ref.kind.rawValue, try Coding.encode(state.clock)])
        try db.execute(sql: "DELETE FROM register_values WHERE record_id = ?", arguments: [id])
        try db.execute(sql: "DELETE FROM register_frontiers WHERE record_id = ?", arguments: [id])
        for (field, register) in state.registers {
            try db.execute(
                sql: "INSERT INTO register_frontiers (record_id, field, clock) VALUES (?, ?, ?)",
                arguments: [id, field, try Coding.encode(register.frontier)])
            for value in register.values {
                try db.execute(
                    sql: """
                        INSERT INTO register_values
                            (record_id, field, origin, seq, hlc_millis, hlc_counter, author, value)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        id, field, value.dot.node.rawValue, Int64(value.dot.seq), Int64(value.timestamp.millis),
                        Int64(value.timestamp.counter), value.author, try Coding.encode(value.value),
                    ])
            }
        }
        try db.execute(sql: "DELETE FROM set_members WHERE record_id = ?", arguments: [id])
        try db.execute(sql: "DELETE FROM set_removed WHERE record_id = ?", arguments: [id])
        for (name, set) in state.sets {
            for (element, tags) in set.adds {
                for tag in tags {
                    try db.execute(
                        sql: "INSERT INTO set_members (record_id, set_name, element, origin, seq) VALUES (?, ?, ?, ?, ?)",
                        arguments: [id, name, element, tag.node.rawValue, Int64(tag.seq)])
                }
            }
            for (element, tags) in set.removed {
                for tag in tags {
                    try db.execute(
                        sql: "INSERT INTO set_removed (record_id, set_name, element, origin, seq) VALUES (?, ?, ?, ?, ?)",
                        arguments: [id, name, element, tag.node.rawValue, Int64(tag.seq)])
                }
            }
        }
        try self.project(state, lastChangedAt: lastChangedAt, in: db)
    }

    static func insertEntry(_ record: EntryRecord, caseID: String, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO entries (origin, seq, case_id, kind, hlc_millis, hlc_counter, author, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                record.dot.node.rawValue, Int64(record.dot.seq), caseID, record.entry.kind,
                Int64(record.timestamp.millis), Int64(record.timestamp.counter), record.author,
                try Coding.encode(record.entry),
            ])
    }

    /// Writes the row people and reports read: display values, sets as sorted JSON, conflicted field names.
    private static func project(_ state: RecordState, lastChangedAt: Int64, in db: Database) throws {
        let text: (String) -> String? = { state.displayValue(of: $0).text }
        let conflicted = state.conflictedFields.joined(separator: ",")
        let elements: (String) throws -> String = { try Coding.encode(state.sets[$0]?.elements ?? []) }
        switch state.ref.kind {
        case .case:
            var remedy: Remedy?
            if case .remedy(let value) = state.displayValue(of: "remedy") { remedy = value }
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO cases (id, ref, customer_id, origin_office, opened_at, opened_by, channel,
                        category, motive, level, emotion, summary, details, explicit_demand, implicit_need,
                        department, owner, status, remedy_kind, remedy_amount, remedy_currency, remedy_text,
                        tags, feedback_dims, conflicted_fields, last_changed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    state.ref.id, text("ref"), text("customer"), text("origin_office"),
                    state.displayValue(of: "opened_at").integer, text("opened_by"), text("channel"),
                    text("category"), text("motive"), text("level"), text("emotion"), text("summary"),
                    text("details"), text("explicit_demand"), text("implicit_need"), text("department"),
                    text("owner"), text("status"), remedy?.kind.rawValue, remedy?.amount, remedy?.currency,
                    remedy?.text, try elements("tags"), try elements("feedback_dims"), conflicted, lastChangedAt,
                ])
        case .customer:
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO customers (id, name, phone, email, salutation, tier, notes, traits,
                        conflicted_fields, last_changed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    state.ref.id, text("name"), text("phone"), text("email"), text("salutation"), text("tier"),
                    text("notes"), try elements("traits"), conflicted, lastChangedAt,
                ])
        }
    }

    static func dot(_ row: Row) throws -> Dot {
        Dot(node: try NodeID(row["origin"] as String), seq: UInt64(row["seq"] as Int64))
    }

    static func timestamp(_ row: Row) -> HLCTimestamp {
        HLCTimestamp(millis: UInt64(row["hlc_millis"] as Int64), counter: UInt32(row["hlc_counter"] as Int64))
    }
}
