import DocketCore
import GRDB

/// Loads and saves `RecordState`s in the merge-state tables, and projects them onto `cases`/`customers`.
///
/// The merge itself is `RecordState.apply` in the core; this type only moves state in and out of SQL.
enum RecordStateStore {
    static func load(_ ref: RecordRef, in db: Database, withEntries: Bool = true) throws -> RecordState? {
        guard let clockText = try String.fetchOne(
            try db.cachedStatement(sql: "SELECT clock FROM record_clocks WHERE record_id = ? AND record_kind = ?"),
            arguments: [ref.id, ref.kind.rawValue])
        else { return nil }
        var frontiers: [String: VectorClock] = [:]
        for row in try Row.fetchAll(
            try db.cachedStatement(sql: "SELECT field, clock FROM register_frontiers WHERE record_id = ?"),
            arguments: [ref.id])
        {
            frontiers[row["field"]] = try Coding.decode(VectorClock.self, from: row["clock"])
        }
        var values: [String: [RegisterValue]] = [:]
        for row in try Row.fetchAll(
            try db.cachedStatement(
                sql: """
                    SELECT field, origin, seq, hlc_millis, hlc_counter, author, value
                    FROM register_values WHERE record_id = ?
                    """),
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
            try db.cachedStatement(sql: "SELECT set_name, element, origin, seq FROM set_members WHERE record_id = ?"),
            arguments: [ref.id])
        {
            adds[row["set_name"], default: [:]][row["element"], default: []].insert(try dot(row))
        }
        var removed: [String: [String: Set<Dot>]] = [:]
        for row in try Row.fetchAll(
            try db.cachedStatement(sql: "SELECT set_name, element, origin, seq FROM set_removed WHERE record_id = ?"),
            arguments: [ref.id])
        {
            removed[row["set_name"], default: [:]][row["element"], default: []].insert(try dot(row))
        }
        var sets: [String: ObservedRemoveSet] = [:]
        for name in Set(adds.keys).union(removed.keys) {
            sets[name] = ObservedRemoveSet(adds: adds[name] ?? [:], removed: removed[name] ?? [:])
        }
        return RecordState(
            ref: ref,
            clock: try Coding.decode(VectorClock.self, from: clockText),
            registers: registers,
            sets: sets,
            entries: withEntries ? try self.entries(of: ref, in: db) : [:]
        )
    }

    /// A case's entries as stored, including those inserted earlier in the current transaction.
    static func entries(of ref: RecordRef, in db: Database) throws -> [Dot: EntryRecord] {
        var entries: [Dot: EntryRecord] = [:]
        for row in try Row.fetchAll(
            try db.cachedStatement(
                sql: "SELECT origin, seq, hlc_millis, hlc_counter, author, body FROM entries WHERE case_id = ?"),
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
        return entries
    }

    /// Writes a record's clock, registers and sets (entries are inserted as they arrive) and its row.
    ///
    /// - Parameter previous: the state as loaded from these tables in the same transaction, or nil when the
    ///   record's state is not known. Registers and sets equal to it are already stored exactly as they would
    ///   be written, so only the others are rewritten: a batch touching one field of a record with twenty costs
    ///   one field's rows, not twenty. Without `previous` every register and set is rewritten.
    static func save(
        _ state: RecordState,
        lastChangedAt: Int64,
        previous: RecordState? = nil,
        in db: Database
    ) throws {
        let id = state.ref.id
        try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO record_clocks (record_id, record_kind, clock) VALUES (?, ?, ?)"
        ).execute(arguments: [id, state.ref.kind.rawValue, try Coding.encode(state.clock)])
        if let previous {
            // Registers and sets only ever gain names, but drop any that vanished so the rows match the state.
            for field in previous.registers.keys where state.registers[field] == nil {
                try self.deleteRegister(field, of: id, in: db)
            }
            for name in previous.sets.keys where state.sets[name] == nil {
                try self.deleteSet(name, of: id, in: db)
            }
        } else {
            try db.cachedStatement(sql: "DELETE FROM register_values WHERE record_id = ?").execute(arguments: [id])
            try db.cachedStatement(sql: "DELETE FROM register_frontiers WHERE record_id = ?").execute(arguments: [id])
            try db.cachedStatement(sql: "DELETE FROM set_members WHERE record_id = ?").execute(arguments: [id])
            try db.cachedStatement(sql: "DELETE FROM set_removed WHERE record_id = ?").execute(arguments: [id])
        }
        let insertFrontier = try db.cachedStatement(
            sql: "INSERT INTO register_frontiers (record_id, field, clock) VALUES (?, ?, ?)")
        let insertValue = try db.cachedStatement(
            sql: """
                INSERT INTO register_values
                    (record_id, field, origin, seq, hlc_millis, hlc_counter, author, value)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for (field, register) in state.registers {
            if let previous {
                guard previous.registers[field] != register else { continue }
                try self.deleteRegister(field, of: id, in: db)
            }
            try insertFrontier.execute(arguments: [id, field, try Coding.encode(register.frontier)])
            for value in register.values {
                try insertValue.execute(arguments: [
                    id, field, value.dot.node.rawValue, Int64(value.dot.seq), Int64(value.timestamp.millis),
                    Int64(value.timestamp.counter), value.author, try Coding.encode(value.value),
                ])
            }
        }
        let insertMember = try db.cachedStatement(
            sql: "INSERT INTO set_members (record_id, set_name, element, origin, seq) VALUES (?, ?, ?, ?, ?)")
        let insertRemoved = try db.cachedStatement(
            sql: "INSERT INTO set_removed (record_id, set_name, element, origin, seq) VALUES (?, ?, ?, ?, ?)")
        for (name, set) in state.sets {
            if let previous {
                guard previous.sets[name] != set else { continue }
                try self.deleteSet(name, of: id, in: db)
            }
            for (element, tags) in set.adds {
                for tag in tags {
                    try insertMember.execute(arguments: [id, name, element, tag.node.rawValue, Int64(tag.seq)])
                }
            }
            for (element, tags) in set.removed {
                for tag in tags {
                    try insertRemoved.execute(arguments: [id, name, element, tag.node.rawValue, Int64(tag.seq)])
                }
            }
        }
        try self.project(state, lastChangedAt: lastChangedAt, in: db)
    }

    private static func deleteRegister(_ field: String, of id: String, in db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM register_values WHERE record_id = ? AND field = ?")
            .execute(arguments: [id, field])
        try db.cachedStatement(sql: "DELETE FROM register_frontiers WHERE record_id = ? AND field = ?")
            .execute(arguments: [id, field])
    }

    private static func deleteSet(_ name: String, of id: String, in db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM set_members WHERE record_id = ? AND set_name = ?")
            .execute(arguments: [id, name])
        try db.cachedStatement(sql: "DELETE FROM set_removed WHERE record_id = ? AND set_name = ?")
            .execute(arguments: [id, name])
    }

    static func insertEntry(_ record: EntryRecord, caseID: String, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO entries (origin, seq, case_id, kind, hlc_millis, hlc_counter, author, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
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
            try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO cases (id, ref, customer_id, origin_office, opened_at, opened_by, channel,
                        category, motive, level, emotion, summary, details, explicit_demand, implicit_need,
                        department, owner, status, remedy_kind, remedy_amount, remedy_currency, remedy_text,
                        tags, feedback_dims, conflicted_fields, last_changed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(
                arguments: [
                    state.ref.id, text("ref"), text("customer"), text("origin_office"),
                    state.displayValue(of: "opened_at").integer, text("opened_by"), text("channel"),
                    text("category"), text("motive"), text("level"), text("emotion"), text("summary"),
                    text("details"), text("explicit_demand"), text("implicit_need"), text("department"),
                    text("owner"), text("status"), remedy?.kind.rawValue, remedy?.amount, remedy?.currency,
                    remedy?.text, try elements("tags"), try elements("feedback_dims"), conflicted, lastChangedAt,
                ])
        case .customer:
            try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO customers (id, name, phone, email, salutation, tier, notes, traits,
                        conflicted_fields, last_changed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(
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
