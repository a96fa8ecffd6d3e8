import DocketCore
import GRDB

extension RecordStateStore {
    /// Writes a record's merge state, the surviving writes of the fields that keep rows
    /// (`DocketSchema.keepsRows`), its live set tags (entries are inserted as they arrive) and its row.
    ///
    /// - Parameter held: what the tables hold of the record already, which decides the rows to replace.
    ///   A batch touching one field of a record with twenty costs one field's rows, not twenty; a record
    ///   new to this replica costs no deletion and no second look at its row.
    /// - Parameter schema: the schema the replica projects with, which says which columns its rows have.
    static func save(
        _ state: RecordState,
        lastChangedAt: Int64,
        held: HeldRows = .unknown,
        schema: DocketSchema,
        in db: Database
    ) throws {
        let ref = state.ref
        try RecordStateRow(state: MergeState(of: state), lastChangedAt: lastChangedAt).write(into: db)
        if case .unknown = held {
            for table in ["register_values", "set_members"] {
                try db.cachedStatement(sql: "DELETE FROM \(table) WHERE record_kind = :kind AND record_id = :id")
                    .execute(arguments: self.key(ref))
            }
        }
        for (field, register) in state.registers where held.rowsMayDiffer(register: field) {
            if held.holdsRows(register: field) { try RegisterRowsDeletion(ref: ref, field: field).write(into: db) }
            guard schema.keepsRows(of: register, field: field, of: ref.kind) else { continue }
            for write in register.values {
                try RegisterValueRow(ref: ref, field: field, write: write).write(into: db)
            }
        }
        for (name, set) in state.sets where held.rowsMayDiffer(set: name) {
            if case .loaded = held { try SetRowsDeletion(ref: ref, set: name).write(into: db) }
            for (element, tags) in set.adds {
                for tag in tags {
                    try SetMemberRow(ref: ref, set: name, element: element, tag: tag).write(into: db)
                }
            }
        }
        switch ref.kind {
        case .case:
            try CaseRow(
                state: state, lastChangedAt: lastChangedAt,
                updating: Set(CaseRow.indexedColumns.filter(held.rowMayShowStale(register:)))
            ).write(into: db)
        case .customer: try CustomerRow(state: state, lastChangedAt: lastChangedAt).write(into: db)
        }
        try AddedColumns.update(state, schema: schema, in: db)
    }

    static func insertEntry(_ record: EntryRecord, caseID: String, json: String? = nil, in db: Database) throws {
        try EntryRow(caseID: caseID, record: record, json: json).write(into: db)
    }
}

/// What the tables hold of a record about to be saved.
enum HeldRows {
    /// Not known: every row of the record is deleted and written again.
    case unknown
    /// Nothing: the record is new to this replica, so each of its rows is inserted.
    case nothing
    /// The rows as they were when the record was loaded, and what operations wrote to since.
    case loaded(WrittenNames)

    /// Notes what `operation` wrote to, for a loaded record; `state` is the record before it.
    mutating func note(_ operation: ReplicatedOperation, before state: RecordState, schema: DocketSchema) {
        guard case .loaded(var written) = self else { return }
        // Let go of the copy held here first, so the names are added in place rather than copied.
        self = .unknown
        written.note(operation, before: state, schema: schema)
        self = .loaded(written)
    }

    /// Whether `register` may have rows in `register_values` that saving must delete first: only a loaded
    /// record's, and only a register that kept rows when the record was loaded. An unknown record's rows
    /// are deleted whole before any is written.
    func holdsRows(register: String) -> Bool {
        if case .loaded(let written) = self { return written.registersWithRows.contains(register) }
        return false
    }

    /// Whether the rows of `register` must be written: all of a record's but those of a loaded record
    /// that nothing wrote to.
    func rowsMayDiffer(register: String) -> Bool {
        if case .loaded(let written) = self { return written.registers.contains(register) }
        return true
    }

    /// As `rowsMayDiffer(register:)`, for a set's rows.
    func rowsMayDiffer(set: String) -> Bool {
        if case .loaded(let written) = self { return written.sets.contains(set) }
        return true
    }

    /// Whether the record's row may show an old value of `register`, which an upsert must then update:
    /// never for a new record, whose row the upsert inserts whole.
    func rowMayShowStale(register: String) -> Bool {
        switch self {
        case .unknown: true
        case .nothing: false
        case .loaded(let written): written.registers.contains(register)
        }
    }
}

/// The registers and sets of one record that operations wrote to: the only ones whose rows can differ from
/// what the tables held before them.
struct WrittenNames {
    var registers: Set<String> = []
    var sets: Set<String> = []
    /// Those of `registers` that kept rows in `register_values` before the first write to them.
    var registersWithRows: Set<String> = []

    /// Notes what `operation` wrote to; `state` is the record before it, which says whether a register
    /// written for the first time had rows.
    mutating func note(_ operation: ReplicatedOperation, before state: RecordState, schema: DocketSchema) {
        for change in operation.changes {
            switch change {
            case .set(let field, _):
                guard self.registers.insert(field).inserted, let register = state.registers[field],
                    schema.keepsRows(of: register, field: field, of: state.ref.kind)
                else { continue }
                self.registersWithRows.insert(field)
            case .add(let set, _), .remove(let set, _, _): self.sets.insert(set)
            case .append: break
            }
        }
    }
}
