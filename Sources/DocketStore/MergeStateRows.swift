import DocketCore
import Foundation
import GRDB

// Rows of the merge-state tables as written, each value under its column's name. All are keyed by the
// record's kind and id first.

/// `record_states`: a record's whole merge state as one blob, and the time of its latest operation.
/// Updated in place when the record is saved again.
struct RecordStateRow: InsertableRow {
    static let insertSQL = """
        INSERT INTO record_states (record_kind, record_id, last_changed_at, state)
        VALUES (:record_kind, :record_id, :last_changed_at, :state)
        ON CONFLICT (record_kind, record_id) DO UPDATE SET
            last_changed_at = excluded.last_changed_at, state = excluded.state
        """
    let state: MergeState
    let lastChangedAt: Int64

    func bind(to row: inout RowBinding) throws {
        row.bind("record_kind", self.state.ref.kind.rawValue)
        row.bind("record_id", self.state.ref.id)
        row.bind("last_changed_at", self.lastChangedAt)
        row.bind("state", blob: try self.state.blob())
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

    func bind(to row: inout RowBinding) throws {
        row.bind("record_kind", self.ref.kind.rawValue)
        row.bind("record_id", self.ref.id)
        row.bind("field", self.field)
        row.bind("origin", self.write.dot.node.rawValue)
        row.bind("seq", Int64(self.write.dot.seq))
        row.bind("hlc_millis", Int64(self.write.timestamp.millis))
        row.bind("hlc_counter", Int64(self.write.timestamp.counter))
        row.bind("author", self.write.author)
        row.bind("value", try Coding.encode(self.write.value))
    }
}

/// `set_members`: one live add tag of one element of a record's set. The removed tags are only in the
/// record's state blob: nothing but the merge reads them.
struct SetMemberRow: InsertableRow {
    static let insertSQL = makeInsertSQL(
        into: "set_members", columns: ["record_kind", "record_id", "set_name", "element", "origin", "seq"])
    let ref: RecordRef
    let set: String
    let element: String
    let tag: Dot

    func bind(to row: inout RowBinding) throws {
        row.bind("record_kind", self.ref.kind.rawValue)
        row.bind("record_id", self.ref.id)
        row.bind("set_name", self.set)
        row.bind("element", self.element)
        row.bind("origin", self.tag.node.rawValue)
        row.bind("seq", Int64(self.tag.seq))
    }
}
