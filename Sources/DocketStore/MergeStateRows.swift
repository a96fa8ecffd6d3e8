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

    func arguments() throws -> ColumnValues {
        [
            "record_kind": self.state.ref.kind.rawValue,
            "record_id": self.state.ref.id,
            "last_changed_at": self.lastChangedAt,
            "state": Data(try self.state.blob()),
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

    func arguments() throws -> ColumnValues {
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

/// `set_members`: one live add tag of one element of a record's set. The removed tags are only in the
/// record's state blob: nothing but the merge reads them.
struct SetMemberRow: InsertableRow {
    static let insertSQL = makeInsertSQL(
        into: "set_members", columns: ["record_kind", "record_id", "set_name", "element", "origin", "seq"])
    let ref: RecordRef
    let set: String
    let element: String
    let tag: Dot

    func arguments() throws -> ColumnValues {
        [
            "record_kind": self.ref.kind.rawValue,
            "record_id": self.ref.id,
            "set_name": self.set,
            "element": self.element,
            "origin": self.tag.node.rawValue,
            "seq": Int64(self.tag.seq),
        ]
    }
}
