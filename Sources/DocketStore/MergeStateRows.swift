import DocketCore
import GRDB

// Rows of the merge-state tables as written, each value under its column's name. All are keyed by the
// record's kind and id first.

/// `record_clocks`: the highest `seq` of each origin applied to a record. Replaced on every save.
struct RecordClockRow: InsertableRow {
    static let insertSQL = makeInsertSQL(
        into: "record_clocks", columns: ["record_kind", "record_id", "clock"], orReplace: true)
    let ref: RecordRef
    let clock: VectorClock

    func arguments() throws -> [String: (any DatabaseValueConvertible)?] {
        ["record_kind": self.ref.kind.rawValue, "record_id": self.ref.id, "clock": try Coding.encode(self.clock)]
    }
}

/// `register_frontiers`: the join of the clocks of every write to one field.
struct RegisterFrontierRow: InsertableRow {
    static let insertSQL = makeInsertSQL(
        into: "register_frontiers", columns: ["record_kind", "record_id", "field", "clock"])
    let ref: RecordRef
    let field: String
    let frontier: VectorClock

    func arguments() throws -> [String: (any DatabaseValueConvertible)?] {
        [
            "record_kind": self.ref.kind.rawValue,
            "record_id": self.ref.id,
            "field": self.field,
            "clock": try Coding.encode(self.frontier),
        ]
    }
}

/// `register_values`: one surviving write to a field.
struct RegisterValueRow: InsertableRow {
    static let insertSQL = makeInsertSQL(
        into: "register_values",
        columns: ["record_kind", "record_id", "field", "origin", "seq", "hlc_millis", "hlc_counter", "author", "value"])
    let ref: RecordRef
    let field: String
    let write: RegisterValue

    func arguments() throws -> [String: (any DatabaseValueConvertible)?] {
        [
            "record_kind": self.ref.kind.rawValue,
            "record_id": self.ref.id,
            "field": self.field,
            "origin": self.write.dot.node.rawValue,
            "seq": Int64(self.write.dot.seq),
            "hlc_millis": Int64(self.write.timestamp.millis),
            "hlc_counter": Int64(self.write.timestamp.counter),
            "author": self.write.author,
            "value": try Coding.encode(self.write.value),
        ]
    }
}

/// The two tables of set tags, alike in shape.
enum SetTagTable: String, CaseIterable {
    /// The live add tags of the add-wins sets.
    case members = "set_members"
    /// The add tags that removes cancelled.
    case removed = "set_removed"
}

/// One tag of one element of a record's set, in `set_members` or `set_removed`.
struct SetTagRow {
    let table: SetTagTable
    let ref: RecordRef
    let set: String
    let element: String
    let tag: Dot

    private static let columns = ["record_kind", "record_id", "set_name", "element", "origin", "seq"]
    private static let memberSQL = makeInsertSQL(into: SetTagTable.members.rawValue, columns: Self.columns)
    private static let removedSQL = makeInsertSQL(into: SetTagTable.removed.rawValue, columns: Self.columns)

    func insert(into db: Database) throws {
        let sql = self.table == .members ? Self.memberSQL : Self.removedSQL
        try db.cachedStatement(sql: sql).execute(
            arguments: [
                "record_kind": self.ref.kind.rawValue,
                "record_id": self.ref.id,
                "set_name": self.set,
                "element": self.element,
                "origin": self.tag.node.rawValue,
                "seq": Int64(self.tag.seq),
            ])
    }
}
