import DocketCore
import Foundation
import GRDB

/// Loads and saves record states in the merge-state tables, and projects them onto `cases`/`customers`.
///
/// The merge itself is `RecordState.apply` in the core; this type only moves state in and out of SQL.
enum RecordStateStore {
    /// A record's whole state, entries included, or nil when this replica has never seen the record.
    static func load(_ ref: RecordRef, in db: Database) throws -> RecordState? {
        try self.loadMergeState(ref, in: db)?.recordState(entries: try self.entries(of: ref, in: db))
    }

    /// What the merge-state tables hold for a record, or nil when this replica has never seen it.
    static func loadMergeState(_ ref: RecordRef, in db: Database) throws -> MergeState? {
        try self.loadStored(ref, in: db)?.state
    }

    /// A record's merge state and the time of its latest operation, or nil when this replica has never
    /// seen it: one lookup and a decode, what applying a batch does for every record it touches.
    static func loadStored(_ ref: RecordRef, in db: Database) throws -> (state: MergeState, lastChangedAt: Int64)? {
        try RecordStateLookup(ref: ref).first(in: db)
    }

    /// A record's clock, or nil when this replica has never seen the record.
    static func clock(of ref: RecordRef, in db: Database) throws -> VectorClock? {
        try self.loadMergeState(ref, in: db)?.clock
    }

    /// One field's register, or nil when the record has none by that name.
    static func register(_ field: String, of ref: RecordRef, in db: Database) throws -> MultiValueRegister? {
        try self.loadMergeState(ref, in: db)?.registers[field]
    }

    /// A case's entries as stored, including those inserted earlier in the current transaction.
    static func entries(of ref: RecordRef, in db: Database) throws -> [Dot: EntryRecord] {
        var entries: [Dot: EntryRecord] = [:]
        for row in try Row.fetchAll(
            try db.cachedStatement(
                sql: "SELECT origin, seq, hlc_millis, hlc_counter, author, body FROM entries WHERE case_id = :id"),
            arguments: ["id": ref.id])
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

    /// The named arguments `:kind` and `:id` that select a record's rows.
    static func key(_ ref: RecordRef) -> StatementArguments {
        ["kind": ref.kind.rawValue, "id": ref.id]
    }

    static func dot(_ row: Row) throws -> Dot {
        Dot(node: try NodeID(row["origin"] as String), seq: UInt64(row["seq"] as Int64))
    }

    static func timestamp(_ row: Row) -> HLCTimestamp {
        HLCTimestamp(millis: UInt64(row["hlc_millis"] as Int64), counter: UInt32(row["hlc_counter"] as Int64))
    }
}
