import DocketCodec
import DocketCore
import Foundation
import GRDB

/// Applies operations inside one write transaction, keeping touched records in memory and writing each
/// once at the end, so a large batch costs one load and one save per record rather than per operation.
final class BatchApplier {
    private let db: Database
    private(set) var vector: VersionVector
    private(set) var clock: HybridLogicalClock
    private var records: [RecordRef: TouchedRecord] = [:]
    private var changedOrigins: Set<NodeID> = []
    /// Receipt time and lead limit for operations from elsewhere; nil for local writes, stamped by `tick`.
    private let bound: ClockBound?
    /// The furthest-ahead timestamp each origin's operations carried in this transaction, when ahead at all.
    private var leads: [NodeID: ClockLead] = [:]
    /// The hash of every operation the current batch stored, so later ones and its signatures can be
    /// checked. Batches applied together each start it afresh (`beginBatch`): a batch's signatures cover
    /// its own operations, and earlier batches' are read back from the log.
    private(set) var stored: [Dot: ChainHash] = [:]
    /// Operations that contradict what is held under their dot, or continue such a one: another history of
    /// their origin. Never applied; `SignatureCheck` decides whether the origin signed it (equivocation)
    /// or someone on the way made it up (forgery).
    private(set) var divergent: [Dot: EncodedOperation] = [:]

    /// What operations are validated and records projected with.
    let schema: DocketSchema

    init(db: Database, schema: DocketSchema, bound: ClockBound? = nil) throws {
        self.db = db
        self.schema = schema
        self.bound = bound
        self.vector = try Replica.vector(in: db)
        let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT hlc_millis, hlc_counter FROM node_state"))!
        self.clock = HybridLogicalClock(last: RecordStateStore.timestamp(row))
    }

    /// The current state of a record, including what this batch has applied so far; entries and all.
    func state(of ref: RecordRef) throws -> RecordState? {
        // Every entry is inserted into `entries` as it is applied, so the table read inside this transaction
        // is the whole grow-only set.
        try self.mergeState(of: ref)?.recordState(entries: try RecordStateStore.entries(of: ref, in: self.db))
    }

    /// A record's merge state, its entries left out, including what this batch has applied so far.
    func mergeState(of ref: RecordRef) throws -> MergeState? {
        if let touched = self.records[ref] { return MergeState(of: touched.merged) }
        return try RecordStateStore.loadMergeState(ref, in: self.db)
    }

    /// A record's clock, including what this batch has applied so far.
    func clock(of ref: RecordRef) throws -> VectorClock? {
        try self.records[ref]?.merged.clock ?? RecordStateStore.clock(of: ref, in: self.db)
    }

    /// Applies one operation from elsewhere if it is the next from its origin and continues its chain.
    /// - Throws: `StoreError` for an invalid operation, one that arrived before its predecessors, one
    ///   that does not commit to its predecessor, or a different operation under a dot held here.
    func apply(_ prepared: PreparedOperation) throws -> Admission {
        let encoded = prepared.encoded
        let operation = encoded.operation
        if let invalid = prepared.invalid {
            throw StoreError.invalidOperation(dot: operation.dot, reason: invalid)
        }
        let admission = self.vector.admission(of: operation.dot)
        switch admission {
        case .duplicate:
            if let held = try self.hash(of: operation.dot), held != encoded.hash {
                self.divergent[operation.dot] = encoded
            }
            return admission
        case .gap(let expected):
            throw StoreError.outOfSequence(dot: operation.dot, expected: expected)
        case .next:
            break
        }
        let expected = try self.previousHash(before: operation.dot)
        if operation.previous != expected, operation.dot.seq > 1,
            self.divergent[Dot(node: operation.dot.node, seq: operation.dot.seq - 1)]?.hash == operation.previous
        {
            // It continues another history begun earlier in this batch: judged with it, never applied.
            self.divergent[operation.dot] = encoded
            return .duplicate
        }
        guard operation.previous == expected else {
            throw StoreError.forged(dot: operation.dot, ChainRefusal(
                .brokenChain, "it commits to \(operation.previous) but \(operation.dot.node):\(operation.dot.seq - 1) is \(expected)"))
        }
        try self.store(prepared)
        self.observe(operation)
        return admission
    }

    /// Writes an operation made here under this replica's schema version: it takes the next dot and
    /// commits to this node's previous one.
    /// - Throws: `StoreError.invalidOperation` when it does not fit the record's schema, as any office
    ///   receiving it would refuse it.
    func commitLocal(_ draft: ReplicatedOperation) throws -> ReplicatedOperation {
        let operation = ReplicatedOperation(
            schema: self.schema.version, dot: draft.dot, previous: try self.previousHash(before: draft.dot),
            record: draft.record, clock: draft.clock, timestamp: draft.timestamp, author: draft.author,
            changes: draft.changes)
        // Validated before it is encoded: an invalid draft is refused as such, whatever its encoding does.
        if let invalid = try PreparedOperation.invalidity(of: operation, knowing: self.schema) {
            throw StoreError.invalidOperation(dot: operation.dot, reason: invalid)
        }
        try self.store(PreparedOperation(try EncodedOperation(operation), invalid: nil))
        return operation
    }

    private func store(_ prepared: PreparedOperation) throws {
        let encoded = prepared.encoded
        let operation = encoded.operation
        try OperationRow(prepared).write(into: self.db)
        // Changed where it is held: a copy taken out and stored back would share the record's storage
        // with the one held, so the first write to it copied every register of the record.
        let index: [RecordRef: TouchedRecord].Index
        if let held = self.records.index(forKey: operation.record) {
            index = held
        } else {
            self.records[operation.record] = try self.touch(operation.record)
            index = self.records.index(forKey: operation.record)!
        }
        // Into its table at once, and out of memory: a transaction of thousands of operations would
        // otherwise hold every entry's text until it commits. `state(of:)` reads them back from the table.
        if let entry = self.records.values[index].apply(operation, schema: self.schema) {
            try RecordStateStore.insertEntry(entry, caseID: operation.record.id, json: prepared.entryJSON, in: self.db)
        }
        self.vector.include(operation.dot)
        self.changedOrigins.insert(operation.dot.node)
        self.stored[operation.dot] = encoded.hash
    }

    /// The hash an operation at `dot` must commit to: its predecessor's, or zeros for the first.
    private func previousHash(before dot: Dot) throws -> ChainHash {
        guard dot.seq > 1 else { return .zero }
        let previous = Dot(node: dot.node, seq: dot.seq - 1)
        guard let hash = try self.hash(of: previous) else {
            throw StoreError.inconsistent("operation \(previous) is counted in the vector but not in the log")
        }
        return hash
    }

    /// The hash of the operation held at `dot`, from this batch or the log.
    func hash(of dot: Dot) throws -> ChainHash? {
        if let hash = self.stored[dot] { return hash }
        return try Replica.hash(of: dot, in: self.db)
    }

    /// Moves the clock past the operation's timestamp, up to the bound, and notes how far ahead it was.
    private func observe(_ operation: ReplicatedOperation) {
        guard let bound = self.bound else {
            self.clock.observe(operation.timestamp)
            return
        }
        self.clock.observe(operation.timestamp, ceiling: bound.ceiling)
        let lead = bound.lead(of: operation.timestamp)
        let origin = operation.dot.node
        guard lead > 0, lead > self.leads[origin]?.leadMillis ?? 0 else { return }
        self.leads[origin] = ClockLead(
            origin: origin, leadMillis: lead, timestampMillis: Int64(clamping: operation.timestamp.millis),
            seenAt: bound.now)
    }

    /// The next local timestamp; local operations are stamped through here so the stored clock advances.
    func tick(now millis: UInt64) -> HLCTimestamp {
        self.clock.tick(now: millis)
    }

    /// Writes every touched record, the version vector and the hybrid-logical clock.
    func flush() throws {
        var records: [RecordRef: TouchedRecord] = [:]
        swap(&records, &self.records)
        for (_, touched) in records {
            try RecordStateStore.save(
                touched.merged, lastChangedAt: touched.lastChangedAt, held: touched.held, schema: self.schema,
                in: self.db)
        }
        let count = records.count
        Disposal.drop(consume records, holding: count)
        for origin in self.changedOrigins {
            try VersionVectorRow(origin: origin, seq: self.vector[origin]).write(into: self.db)
        }
        self.changedOrigins.removeAll()
        for lead in self.leads.values {
            try ClockLeadRow(lead).upsert(into: self.db)
        }
        self.leads.removeAll()
        try self.db.cachedStatement(sql: "UPDATE node_state SET hlc_millis = :millis, hlc_counter = :counter")
            .execute(arguments: ["millis": Int64(self.clock.last.millis), "counter": Int64(self.clock.last.counter)])
    }

    /// Starts the next of several batches applied in one transaction: the touched records, vector and
    /// clock carry over, and are written once by `flush`.
    func beginBatch() {
        self.stored.removeAll(keepingCapacity: true)
        self.divergent.removeAll()
    }

    /// A record this batch is about to change, as the tables hold it now.
    private func touch(_ ref: RecordRef) throws -> TouchedRecord {
        guard let (stored, lastChanged) = try RecordStateStore.loadStored(ref, in: self.db) else {
            return TouchedRecord(merged: RecordState(ref: ref), lastChangedAt: 0, held: .nothing)
        }
        // The earlier entries stay in their table: the merge never reads them (they are a grow-only set keyed
        // by dot, each stored as it arrives).
        return TouchedRecord(merged: stored.recordState(entries: [:]), lastChangedAt: lastChanged, held: .loaded(WrittenNames()))
    }
}

/// A record changed by the batch being applied, held in memory until the batch is flushed.
private struct TouchedRecord {
    /// The record's state with the batch applied so far, less its entries: each is in the `entries` table
    /// from the moment it is applied, and `BatchApplier.state(of:)` reads the whole set there.
    var merged: RecordState
    /// The time of the record's latest operation, for its row.
    var lastChangedAt: Int64
    /// What the tables held of it: nothing for a record new to this replica, all of whose rows are
    /// inserted; otherwise what the transaction wrote to, whose rows are rewritten. Names rather than the
    /// state as loaded: a transaction holds hundreds of records.
    var held: HeldRows

    /// Applies the operation, and returns the entry it appended, if any, no longer held.
    mutating func apply(_ operation: ReplicatedOperation, schema: DocketSchema) -> EntryRecord? {
        self.held.note(operation, before: self.merged, schema: schema)
        self.merged.apply(operation)
        self.lastChangedAt = max(self.lastChangedAt, Int64(operation.timestamp.millis))
        return self.merged.takeEntry(at: operation.dot)
    }
}
