import DocketCore
import GRDB

/// Applies operations inside one write transaction, keeping touched records in memory and writing each
/// once at the end, so a large batch costs one load and one save per record rather than per operation.
final class BatchApplier {
    private let db: Database
    private(set) var vector: VersionVector
    private(set) var clock: HybridLogicalClock
    /// Touched records: the merged state, its row's time, and the state as loaded (what the tables hold now).
    private var records: [RecordRef: (state: RecordState, lastChangedAt: Int64, stored: RecordState?)] = [:]
    private var changedOrigins: Set<NodeID> = []

    init(db: Database) throws {
        self.db = db
        self.vector = try Replica.vector(in: db)
        let row = try Row.fetchOne(db, sql: "SELECT hlc_millis, hlc_counter FROM node_state")!
        self.clock = HybridLogicalClock(last: RecordStateStore.timestamp(row))
    }

    /// The current state of a record, including what this batch has applied so far.
    func state(of ref: RecordRef) throws -> RecordState? {
        guard let cached = self.records[ref] else { return try RecordStateStore.load(ref, in: self.db) }
        // The merge copy carries only this batch's entries; every entry is inserted into `entries` as it is
        // applied, so the table read inside this transaction is the whole grow-only set.
        let state = cached.state
        return RecordState(
            ref: state.ref, clock: state.clock, registers: state.registers, sets: state.sets,
            entries: try RecordStateStore.entries(of: ref, in: self.db))
    }

    /// Applies one operation if it is the next from its origin.
    /// - Throws: `StoreError` for an invalid operation or one that arrived before its predecessors.
    func apply(_ operation: ReplicatedOperation) throws -> Admission {
        do {
            try operation.validate()
        } catch let error as InputError {
            throw StoreError.invalidOperation(dot: operation.dot, reason: error.description)
        }
        let admission = self.vector.admission(of: operation.dot)
        switch admission {
        case .duplicate:
            return admission
        case .gap(let expected):
            throw StoreError.outOfSequence(dot: operation.dot, expected: expected)
        case .next:
            break
        }
        try self.db.cachedStatement(
            sql: """
                INSERT INTO operations (origin, seq, record_kind, record_id, hlc_millis, hlc_counter, author, clock, changes)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                operation.dot.node.rawValue, Int64(operation.dot.seq), operation.record.kind.rawValue,
                operation.record.id, Int64(operation.timestamp.millis), Int64(operation.timestamp.counter),
                operation.author, try Coding.encode(operation.clock), try Coding.encode(operation.changes),
            ])
        var pending = try self.records[operation.record] ?? self.loadForMerge(operation.record)
        pending.state.apply(operation)
        pending.lastChangedAt = max(pending.lastChangedAt, Int64(operation.timestamp.millis))
        self.records[operation.record] = pending
        for change in operation.changes {
            if case .append = change, let record = pending.state.entries[operation.dot] {
                try RecordStateStore.insertEntry(record, caseID: operation.record.id, in: self.db)
            }
        }
        self.vector.include(operation.dot)
        self.changedOrigins.insert(operation.dot.node)
        self.clock.observe(operation.timestamp)
        return admission
    }

    /// The next local timestamp; local operations are stamped through here so the stored clock advances.
    func tick(now millis: UInt64) -> HLCTimestamp {
        self.clock.tick(now: millis)
    }

    /// Writes every touched record, the version vector and the hybrid-logical clock.
    func flush() throws {
        for (_, pending) in self.records {
            try RecordStateStore.save(
                pending.state, lastChangedAt: pending.lastChangedAt, previous: pending.stored, in: self.db)
        }
        self.records.removeAll()
        for origin in self.changedOrigins {
            try self.db.cachedStatement(sql: "INSERT OR REPLACE INTO version_vector (origin, seq) VALUES (?, ?)")
                .execute(arguments: [origin.rawValue, Int64(self.vector[origin])])
        }
        self.changedOrigins.removeAll()
        try self.db.execute(
            sql: "UPDATE node_state SET hlc_millis = ?, hlc_counter = ?",
            arguments: [Int64(self.clock.last.millis), Int64(self.clock.last.counter)])
    }

    private func loadForMerge(_ ref: RecordRef) throws -> (state: RecordState, lastChangedAt: Int64, stored: RecordState?) {
        let lastChanged = try Int64.fetchOne(
            try self.db.cachedStatement(
                sql: ref.kind == .case
                    ? "SELECT last_changed_at FROM cases WHERE id = ?"
                    : "SELECT last_changed_at FROM customers WHERE id = ?"),
            arguments: [ref.id])
        // Without entries: the merge never reads earlier entries (they are a grow-only set keyed by dot, and
        // each is stored as it arrives), and decoding them was most of the cost of loading a busy case.
        let stored = try RecordStateStore.load(ref, in: self.db, withEntries: false)
        return (stored ?? RecordState(ref: ref), lastChanged ?? 0, stored)
    }
}
