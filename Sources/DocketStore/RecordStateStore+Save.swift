import DocketCore
import GRDB

extension RecordStateStore {
    /// Writes a record's merge state, its surviving register values and live set tags (entries are
    /// inserted as they arrive) and its row.
    ///
    /// - Parameter written: the registers and sets operations wrote to since the record was loaded in the
    ///   same transaction, or nil when what the tables hold for the record is not known. Only those have
    ///   rows to rewrite: a register or set changes only through a write to it. A batch touching one field of
    ///   a record with twenty costs one field's rows, not twenty. Without it every one is rewritten.
    /// - Parameter schema: the schema the replica projects with, which says which columns its rows have.
    static func save(
        _ state: RecordState,
        lastChangedAt: Int64,
        written: WrittenNames? = nil,
        schema: DocketSchema,
        in db: Database
    ) throws {
        let ref = state.ref
        try RecordStateRow(state: MergeState(of: state), lastChangedAt: lastChangedAt).write(into: db)
        if written == nil {
            for table in ["register_values", "set_members"] {
                try db.cachedStatement(sql: "DELETE FROM \(table) WHERE record_kind = :kind AND record_id = :id")
                    .execute(arguments: self.key(ref))
            }
        }
        for (field, register) in state.registers where written?.registers.contains(field) ?? true {
            if written != nil { try RegisterRowsDeletion(ref: ref, field: field).write(into: db) }
            for write in register.values {
                try RegisterValueRow(ref: ref, field: field, write: write).write(into: db)
            }
        }
        for (name, set) in state.sets where written?.sets.contains(name) ?? true {
            if written != nil { try SetRowsDeletion(ref: ref, set: name).write(into: db) }
            for (element, tags) in set.adds {
                for tag in tags {
                    try SetMemberRow(ref: ref, set: name, element: element, tag: tag).write(into: db)
                }
            }
        }
        switch ref.kind {
        case .case:
            try CaseRow(state: state, lastChangedAt: lastChangedAt).write(into: db)
            try CaseKeysRow(state: state).write(into: db)
        case .customer: try CustomerRow(state: state, lastChangedAt: lastChangedAt).write(into: db)
        }
        try AddedColumns.update(state, schema: schema, in: db)
    }

    static func insertEntry(_ record: EntryRecord, caseID: String, json: String? = nil, in db: Database) throws {
        try EntryRow(caseID: caseID, record: record, json: json).write(into: db)
    }
}

/// The registers and sets of one record that operations wrote to: the only ones whose rows can differ from
/// what the tables held before them.
struct WrittenNames {
    var registers: Set<String> = []
    var sets: Set<String> = []

    mutating func note(_ operation: ReplicatedOperation) {
        for change in operation.changes {
            switch change {
            case .set(let field, _): self.registers.insert(field)
            case .add(let set, _), .remove(let set, _, _): self.sets.insert(set)
            case .append: break
            }
        }
    }
}
