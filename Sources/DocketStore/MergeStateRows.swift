import DocketCore
import Foundation
import GRDB

// Rows of the merge-state tables as written, read and deleted, each value under its column's name. All
// are keyed by the record's kind and id first.

/// `record_states`: a record's whole merge state as one blob, and the time of its latest operation.
/// Updated in place when the record is saved again.
struct RecordStateRow: RowWrite {
    static let sql = """
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

/// `record_states`: a record's merge state and the time of its latest operation, looked up by its key.
struct RecordStateLookup: RowLookup {
    static let sql = """
        SELECT last_changed_at, state FROM record_states WHERE record_kind = :record_kind AND record_id = :record_id
        """
    let ref: RecordRef

    func bind(to row: inout RowBinding) {
        row.bind("record_kind", self.ref.kind.rawValue)
        row.bind("record_id", self.ref.id)
    }

    func read(_ row: FoundRow) throws -> (state: MergeState, lastChangedAt: Int64) {
        (try MergeState(ref: self.ref, blob: row.bytes(at: 1)), row.int64(at: 0))
    }
}

/// `register_values`: one surviving write to a field.
struct RegisterValueRow: RowWrite {
    static let sql = makeInsertSQL(
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

/// `register_values`: a field's rows, deleted before the surviving writes are written again.
struct RegisterRowsDeletion: RowWrite {
    static let sql = """
        DELETE FROM register_values WHERE record_kind = :record_kind AND record_id = :record_id AND field = :field
        """
    let ref: RecordRef
    let field: String

    func bind(to row: inout RowBinding) throws {
        row.bind("record_kind", self.ref.kind.rawValue)
        row.bind("record_id", self.ref.id)
        row.bind("field", self.field)
    }
}

/// `set_members`: one live add tag of one element of a record's set. The removed tags are only in the
/// record's state blob: nothing but the merge reads them.
struct SetMemberRow: RowWrite {
    static let sql = makeInsertSQL(
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

/// `set_members`: a set's rows, deleted before its live tags are written again.
struct SetRowsDeletion: RowWrite {
    static let sql = """
        DELETE FROM set_members WHERE record_kind = :record_kind AND record_id = :record_id AND set_name = :set_name
        """
    let ref: RecordRef
    let set: String

    func bind(to row: inout RowBinding) throws {
        row.bind("record_kind", self.ref.kind.rawValue)
        row.bind("record_id", self.ref.id)
        row.bind("set_name", self.set)
    }
}
