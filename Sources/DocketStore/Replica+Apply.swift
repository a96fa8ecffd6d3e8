import DocketCore
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

    /// Applies operations from elsewhere in one transaction.
    ///
    /// Operations are taken per origin in `seq` order whatever order they came in. Those already held are
    /// skipped. When any operation is invalid or arrives before its predecessors, nothing of the batch is
    /// stored. When the call returns, the log, merged state, conflict flags and version vector all include
    /// the batch, durably.
    /// - Parameter bound: the receipt time and how far ahead of it a timestamp may move this replica's
    ///   clock; the system clock and the default lead when not given.
    public func apply(_ batch: [ReplicatedOperation], bound: ClockBound = .current()) throws -> ApplyResult {
        try self.pool.write { try Self.apply(batch, bound: bound, in: $0) }
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

    /// Applies operations from elsewhere in one transaction, as `apply(_:)` does, without blocking a thread
    /// while SQLite works; also returns the resulting vector, read in the same transaction.
    public func apply(_ batch: [ReplicatedOperation], bound: ClockBound = .current()) async throws -> ApplyOutcome {
        try await self.pool.write { db in
            ApplyOutcome(result: try Self.apply(batch, bound: bound, in: db), vector: try Self.vector(in: db))
        }
    }

    static func apply(_ batch: [ReplicatedOperation], bound: ClockBound, in db: Database) throws -> ApplyResult {
        let applier = try BatchApplier(db: db, bound: bound)
        var result = ApplyResult(applied: 0, duplicates: 0)
        for operation in batch.sorted(by: { $0.dot < $1.dot }) {
            switch try applier.apply(operation) {
            case .next: result.applied += 1
            case .duplicate: result.duplicates += 1
            case .gap: preconditionFailure("a gap throws")
            }
        }
        try applier.flush()
        return result
    }
}
