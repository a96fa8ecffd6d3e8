import DocketCore
import GRDB

extension RecordStateStore {
    /// Writes a record's merge state, its surviving register values and live set tags (entries are
    /// inserted as they arrive) and its row.
    ///
    /// - Parameter previous: the merge state as loaded in the same transaction, or nil when what the tables
    ///   hold for the record is not known. Registers and sets equal to it already have exactly these rows, so
    ///   only the others are rewritten: a batch touching one field of a record with twenty costs one field's
    ///   rows, not twenty. Without `previous` every register and set is rewritten.
    /// - Parameter schema: the schema the replica projects with, which says which columns its rows have.
    static func save(
        _ state: RecordState,
        lastChangedAt: Int64,
        previous: MergeState? = nil,
        schema: DocketSchema,
        in db: Database
    ) throws {
        let ref = state.ref
        try RecordStateRow(state: MergeState(of: state), lastChangedAt: lastChangedAt).insert(into: db)
        if let previous {
            // Registers and sets only ever gain names, but drop any that vanished so the rows match the state.
            for field in previous.registers.keys where state.registers[field] == nil {
                try self.deleteRegister(field, of: ref, in: db)
            }
            for name in previous.sets.keys where state.sets[name] == nil {
                try self.deleteSet(name, of: ref, in: db)
            }
        } else {
            for table in ["register_values", "set_members"] {
                try db.cachedStatement(sql: "DELETE FROM \(table) WHERE record_kind = :kind AND record_id = :id")
                    .execute(arguments: self.key(ref))
            }
        }
        for (field, register) in state.registers {
            if let previous {
                guard previous.registers[field]?.values != register.values else { continue }
                try self.deleteRegister(field, of: ref, in: db)
            }
            for write in register.values {
                try RegisterValueRow(ref: ref, field: field, write: write).insert(into: db)
            }
        }
        for (name, set) in state.sets {
            if let previous {
                guard previous.sets[name]?.adds != set.adds else { continue }
                try self.deleteSet(name, of: ref, in: db)
            }
            for (element, tags) in set.adds {
                for tag in tags {
                    try SetMemberRow(ref: ref, set: name, element: element, tag: tag).insert(into: db)
                }
            }
        }
        switch ref.kind {
        case .case: try CaseRow(state: state, lastChangedAt: lastChangedAt).insert(into: db)
        case .customer: try CustomerRow(state: state, lastChangedAt: lastChangedAt).insert(into: db)
        }
        try AddedColumns.update(state, schema: schema, in: db)
    }

    static func insertEntry(_ record: EntryRecord, caseID: String, in db: Database) throws {
        try EntryRow(caseID: caseID, record: record).insert(into: db)
    }

    private static func deleteRegister(_ field: String, of ref: RecordRef, in db: Database) throws {
        var arguments = self.key(ref)
        arguments += ["field": field]
        try db.cachedStatement(
            sql: "DELETE FROM register_values WHERE record_kind = :kind AND record_id = :id AND field = :field"
        ).execute(arguments: arguments)
    }

    private static func deleteSet(_ name: String, of ref: RecordRef, in db: Database) throws {
        var arguments = self.key(ref)
        arguments += ["set": name]
        try db.cachedStatement(
            sql: "DELETE FROM set_members WHERE record_kind = :kind AND record_id = :id AND set_name = :set"
        ).execute(arguments: arguments)
    }
}
