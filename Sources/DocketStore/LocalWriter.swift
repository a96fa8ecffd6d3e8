import DocketCore
import GRDB

/// What a person's change at this office can read and write, inside one transaction.
///
/// Reads see the changes committed earlier in the same transaction, so a command can check the workflow
/// against current state and write in one atomic step.
public final class LocalWriter {
    private let applier: BatchApplier
    private let db: Database
    public let node: NodeID
    public let officeCode: String
    public let author: String
    /// Epoch milliseconds of this change, as given by the caller.
    public let now: Int64
    public private(set) var written: [ReplicatedOperation] = []
    /// What this office knows and writes under: local writes are held to it strictly.
    public var schema: DocketSchema { self.applier.schema }

    init(applier: BatchApplier, db: Database, node: NodeID, officeCode: String, author: String, now: Int64) {
        self.applier = applier
        self.db = db
        self.node = node
        self.officeCode = officeCode
        self.author = author
        self.now = now
    }

    /// The dot the next operation will carry; a record it creates takes its id from it.
    public var nextDot: Dot { Dot(node: self.node, seq: self.applier.vector[self.node] + 1) }

    public func state(of ref: RecordRef) throws -> RecordState? {
        try self.applier.state(of: ref)
    }

    /// The case with this id or human reference.
    /// - Throws: `StoreError.notFound` when there is none, `InputError` when the reference is ambiguous.
    public func findCase(_ key: String) throws -> CaseView {
        let id = try Replica.caseID(matching: key, in: self.db) ?? key
        guard let state = try self.applier.state(of: RecordRef(kind: .case, id: id)) else {
            throw try Replica.caseNotFound(key, in: self.db)
        }
        return CaseView(state)
    }

    /// The case with this id or human reference, for a change to its fields that reads nothing else of it:
    /// its entries, every one decoded by `findCase`, are not read. That decoding was a tenth of a `docket
    /// case set` on a case of eight entries (`docs/benchmarks.md`, "Fifteenth round").
    /// - Throws: as `findCase`.
    public func locateCase(_ key: String) throws -> CaseLocation {
        let id = try Replica.caseID(matching: key, in: self.db) ?? key
        let record = RecordRef(kind: .case, id: id)
        guard let state = try self.applier.mergeState(of: record) else {
            throw try Replica.caseNotFound(key, in: self.db)
        }
        // Named from the state, as `findCase` names it: the `cases` row of a case opened or changed earlier
        // in this transaction is written only when it ends.
        return CaseLocation(record: record, reference: CaseView(state.recordState(entries: [:])).ref)
    }

    /// The customer with this id.
    public func findCustomer(_ key: String) throws -> CustomerView {
        guard let state = try self.applier.state(of: RecordRef(kind: .customer, id: key)) else {
            throw StoreError.notFound(kind: .customer, key: key)
        }
        return CustomerView(state)
    }

    /// The next human reference for a case opened here, e.g. `SH01-000123`.
    public func takeCaseReference() throws -> String {
        try self.db.execute(sql: "UPDATE node_state SET cases_opened = cases_opened + 1")
        let number = try Int.fetchOne(self.db, sql: "SELECT cases_opened FROM node_state")!
        let digits = String(number)
        return "\(self.officeCode)-\(String(repeating: "0", count: max(0, 6 - digits.count)))\(digits)"
    }

    /// Writes one operation carrying `changes` to `record`, stamped with the record's current clock.
    ///
    /// Text a person typed is normalised and held to the stricter local rules of `TypedText` first.
    /// - Parameter typed: `false` when the changes only carry values already in the replica, such as a
    ///   conflict settled by picking one of its values: those are written as they are.
    /// - Throws: `InputError` for refused text; `StoreError.invalidOperation` when the changes do not fit
    ///   the record's schema.
    @discardableResult
    public func commit(_ changes: [Change], to record: RecordRef, typed: Bool = true) throws -> ReplicatedOperation {
        let changes = typed
            ? try changes.map { try $0.rewritingTypedText(of: record.kind, knowing: self.schema, TypedText.accept) }
            : changes
        let operation = ReplicatedOperation(
            dot: self.nextDot,
            record: record,
            clock: try self.applier.clock(of: record) ?? VectorClock(),
            timestamp: self.applier.tick(now: UInt64(max(0, self.now))),
            author: self.author,
            changes: changes
        )
        let written = try self.applier.commitLocal(operation)
        self.written.append(written)
        return written
    }
}

extension Replica {
    /// Runs `body` as one local change: everything it commits is stored together, or nothing is.
    /// - Returns: `body`'s result and the operations written.
    public func write<T>(
        author: String,
        now: Int64,
        _ body: (LocalWriter) throws -> T
    ) throws -> (result: T, operations: [ReplicatedOperation]) {
        try InputError.checkText(author, field: "author", maxLength: 100)
        let author = try TypedText.accept(TypedText.Field("author", author, maxLength: 100))
        return try self.database.write { db in
            try Self.checkNotRecovering(node: self.node, in: db)
            let applier = try BatchApplier(db: db, schema: self.schema)
            let writer = LocalWriter(
                applier: applier, db: db, node: self.node, officeCode: self.officeCode, author: author, now: now)
            let result = try body(writer)
            try applier.flush()
            return (result, writer.written)
        }
    }
}

/// Where a case is, and what a person calls it.
public struct CaseLocation: Sendable {
    public let record: RecordRef
    /// Its human reference, e.g. `SH01-000123`, as `CaseView.ref` gives it; nil for a case whose opening
    /// has not arrived here yet.
    public let reference: String?

    /// What a command's report names the case by.
    public var name: String { self.reference ?? self.record.id }
}
