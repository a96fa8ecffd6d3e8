import DocketCore
import GRDB

// Rows of the log and of what is appended beside it, each value under its column's name.

/// `operations`: one operation as received or written here. Never updated.
struct OperationRow: InsertableRow {
    static let insertSQL = makeInsertSQL(
        into: "operations",
        columns: ["origin", "seq", "record_kind", "record_id", "hlc_millis", "hlc_counter", "author", "clock", "changes"])
    let operation: ReplicatedOperation

    func arguments() throws -> [String: (any DatabaseValueConvertible)?] {
        [
            "origin": self.operation.dot.node.rawValue,
            "seq": Int64(self.operation.dot.seq),
            "record_kind": self.operation.record.kind.rawValue,
            "record_id": self.operation.record.id,
            "hlc_millis": Int64(self.operation.timestamp.millis),
            "hlc_counter": Int64(self.operation.timestamp.counter),
            "author": self.operation.author,
            "clock": try Coding.encode(self.operation.clock),
            "changes": try Coding.encode(self.operation.changes),
        ]
    }
}

/// `entries`: one entry of a case, keyed by the operation that carried it.
struct EntryRow: InsertableRow {
    static let insertSQL = makeInsertSQL(
        into: "entries", columns: ["origin", "seq", "case_id", "kind", "hlc_millis", "hlc_counter", "author", "body"])
    let caseID: String
    let record: EntryRecord

    func arguments() throws -> [String: (any DatabaseValueConvertible)?] {
        [
            "origin": self.record.dot.node.rawValue,
            "seq": Int64(self.record.dot.seq),
            "case_id": self.caseID,
            "kind": self.record.entry.kind,
            "hlc_millis": Int64(self.record.timestamp.millis),
            "hlc_counter": Int64(self.record.timestamp.counter),
            "author": self.record.author,
            "body": try Coding.encode(self.record.entry),
        ]
    }
}

/// `version_vector`: the highest `seq` held contiguously from one origin. Replaced as it grows.
struct VersionVectorRow: InsertableRow {
    static let insertSQL = makeInsertSQL(into: "version_vector", columns: ["origin", "seq"], orReplace: true)
    let origin: NodeID
    let seq: UInt64

    func arguments() throws -> [String: (any DatabaseValueConvertible)?] {
        ["origin": self.origin.rawValue, "seq": Int64(self.seq)]
    }
}
