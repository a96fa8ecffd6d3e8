import DocketCodec
import DocketCore
import Foundation
import GRDB

extension Replica {
    /// What applying a batch did.
    public struct ApplyResult: Equatable, Sendable {
        public var applied: Int
        public var duplicates: Int

        public init(applied: Int, duplicates: Int) {
            self.applied = applied
            self.duplicates = duplicates
        }
    }

    /// What applying a batch did, and the version vector it left behind.
    public struct ApplyOutcome: Equatable, Sendable {
        public var result: ApplyResult
        /// The vector as the batch's transaction committed it: what to acknowledge to the sender.
        public var vector: VersionVector

        public init(result: ApplyResult, vector: VersionVector) {
            self.result = result
            self.vector = vector
        }
    }

    /// Verifies and applies a signed batch from elsewhere in one transaction.
    ///
    /// Operations are taken per origin in `seq` order whatever order they came in; those already held are
    /// skipped when they are the same bytes. Every applied operation must continue its origin's chain and
    /// be covered by a valid signature (docs/protocol.md, "What a receiver verifies"). When anything fails,
    /// nothing of the batch is stored; an equivocation is kept as evidence first. When the call returns,
    /// the log, merged state, conflict flags and version vector all include the batch, durably.
    /// - Parameters:
    ///   - source: the peer or file the batch came from, for the evidence of an equivocation.
    ///   - bound: the receipt time and how far ahead of it a timestamp may move this replica's clock.
    public func apply(
        _ batch: SignedBatch, verifier: any ChainVerifying, source: String, bound: ClockBound = .current()
    ) throws -> ApplyResult {
        try self.keepingEvidence(source: source) {
            try self.database.write {
                try Self.apply(batch, verifier: verifier, bound: bound, schema: self.schema, in: $0)
            }
        }
    }

    /// `apply(_:verifier:source:bound:)` without blocking a thread while SQLite works; also returns the
    /// resulting vector, read in the same transaction.
    public func apply(
        _ batch: SignedBatch, verifier: any ChainVerifying, source: String, bound: ClockBound = .current()
    ) async throws -> ApplyOutcome {
        do {
            let outcome = try await self.database.write { db in
                ApplyOutcome(
                    result: try Self.apply(batch, verifier: verifier, bound: bound, schema: self.schema, in: db),
                    vector: try Self.vector(in: db))
            }
            MemoryRelease.afterTransaction(applying: outcome.result.applied)
            return outcome
        } catch StoreError.equivocation(var evidence) {
            evidence.source = source
            let row = EquivocationRow(evidence: evidence, seenAt: bound.now)
            try await self.database.write { try row.write(into: $0) }
            throw StoreError.equivocation(evidence)
        }
    }

    /// Runs `body`; an equivocation it reports is stored as evidence (its own transaction, as the batch's
    /// rolled back) before it is thrown on.
    func keepingEvidence<T>(source: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch StoreError.equivocation(var evidence) {
            evidence.source = source
            try self.database.write {
                try EquivocationRow(evidence: evidence, seenAt: ClockBound.current().now).write(into: $0)
            }
            throw StoreError.equivocation(evidence)
        }
    }

    /// Applies batches received one after another in one transaction, as if each had been applied on its
    /// own, and returns the vector the transaction committed. Each batch is verified against its own
    /// signatures; the records they share are saved once, and the pages they share are written to the log
    /// once, which is most of a catch-up's cost when each batch touches hundreds of records.
    ///
    /// Each batch is read (`batches[i]()`) and prepared (`PreparedBatch`) only as the one before it is taken
    /// up, on another thread (`BatchPrefetch`), and let go once applied: a transaction of many batches never
    /// holds more than two of them decoded.
    ///
    /// Nothing is stored when any of them fails, equivocation evidence included: the caller applies them
    /// one at a time then, so those before the bad one are kept and the refusal names it. A large
    /// transaction's freed memory is handed back afterwards (`MemoryRelease`).
    /// - Returns: the outcome, and the dots of each batch's operations, in the order given.
    package func apply(
        together batches: [@Sendable () throws -> SignedBatch], verifier: any ChainVerifying, bound: ClockBound = .current()
    ) async throws -> (outcome: ApplyOutcome, dots: [[Dot]]) {
        let applied: (outcome: ApplyOutcome, dots: [[Dot]]) = try await self.database.write { db in
            let applier = try BatchApplier(db: db, schema: self.schema, bound: bound)
            var result = ApplyResult(applied: 0, duplicates: 0)
            var dots: [[Dot]] = []
            var next: BatchPrefetch?
            for index in batches.indices {
                let current = next
                // Started first, so that the second batch is read while the first is prepared here.
                next = index + 1 < batches.count ? BatchPrefetch(batches[index + 1], schema: self.schema) : nil
                let batch = try current?.batch() ?? PreparedBatch(batches[index](), schema: self.schema)
                applier.beginBatch()
                let one = try Self.apply(batch, verifier: verifier, applier: applier, in: db)
                result.applied += one.applied
                result.duplicates += one.duplicates
                dots.append(batch.signed.operations.map(\.dot))
                let count = batch.operations.count
                Disposal.drop(consume batch, holding: count)
                if current != nil { Disposal.drop(consume current, holding: count) }
            }
            try applier.flush()
            return (ApplyOutcome(result: result, vector: try Self.vector(in: db)), dots)
        }
        MemoryRelease.afterTransaction(applying: applied.outcome.result.applied)
        return applied
    }

    /// `apply(together:verifier:bound:)` for batches decoded already.
    package func apply(
        together batches: [SignedBatch], verifier: any ChainVerifying, bound: ClockBound = .current()
    ) async throws -> ApplyOutcome {
        try await self.apply(together: batches.map { batch in { batch } }, verifier: verifier, bound: bound).outcome
    }

    static func apply(
        _ batch: SignedBatch, verifier: any ChainVerifying, bound: ClockBound, schema: DocketSchema, in db: Database
    ) throws -> ApplyResult {
        let applier = try BatchApplier(db: db, schema: schema, bound: bound)
        let result = try Self.apply(PreparedBatch(batch, schema: schema), verifier: verifier, applier: applier, in: db)
        try applier.flush()
        return result
    }

    /// Applies and verifies one batch through `applier`, which the caller flushes.
    private static func apply(
        _ batch: PreparedBatch, verifier: any ChainVerifying, applier: BatchApplier, in db: Database
    ) throws -> ApplyResult {
        var result = ApplyResult(applied: 0, duplicates: 0)
        for operation in batch.operations {
            switch try applier.apply(operation) {
            case .next: result.applied += 1
            case .duplicate: result.duplicates += 1
            case .gap: preconditionFailure("a gap throws")
            }
        }
        var check = SignatureCheck(batch: batch.signed, verifier: verifier, applier: applier, db: db)
        try check.run()
        return result
    }

    /// The hash of the operation held at `dot`, if it is held.
    static func hash(of dot: Dot, in db: Database) throws -> ChainHash? {
        guard let data = try Data.fetchOne(
            try db.cachedStatement(sql: "SELECT hash FROM operation_log WHERE origin = :origin AND seq = :seq"),
            arguments: ["origin": dot.node.rawValue, "seq": Int64(dot.seq)])
        else { return nil }
        guard let hash = ChainHash(bytes: [UInt8](data)) else {
            throw StoreError.inconsistent("operation \(dot) has no 32-byte hash in the log")
        }
        return hash
    }
}
