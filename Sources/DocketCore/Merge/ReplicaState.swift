/// A whole replica held in memory: version vector, operation log and merged records.
///
/// The SQLite store persists exactly this state; this type is the reference model the property tests
/// run thousands of delivery orders against, and the simulator of offices in benchmarks.
public struct ReplicaState: Sendable {
    public let node: NodeID
    public private(set) var vector: VersionVector
    public private(set) var log: [Dot: ReplicatedOperation]
    public private(set) var records: [RecordRef: RecordState]
    public private(set) var clock: HybridLogicalClock

    public init(node: NodeID) {
        self.node = node
        self.vector = VersionVector()
        self.log = [:]
        self.records = [:]
        self.clock = HybridLogicalClock()
    }

    /// Applies an operation if it is the next from its origin.
    /// - Returns: whether it was applied or already held.
    /// - Throws: `InputError` when earlier operations from its origin are missing.
    @discardableResult
    public mutating func apply(_ operation: ReplicatedOperation) throws -> Admission {
        let admission = self.vector.admission(of: operation.dot)
        switch admission {
        case .duplicate:
            return admission
        case .gap(let expected):
            throw InputError(field: "seq", "operation \(operation.dot) arrived before \(operation.dot.node):\(expected)")
        case .next:
            self.vector.include(operation.dot)
            self.log[operation.dot] = operation
            self.records[operation.record, default: RecordState(ref: operation.record)].apply(operation)
            self.clock.observe(operation.timestamp)
            return admission
        }
    }

    /// The dot the next local operation will carry; a record it creates takes its id from it.
    public var nextDot: Dot { Dot(node: self.node, seq: self.vector[self.node] + 1) }

    /// Writes a local operation on `record` and applies it.
    @discardableResult
    public mutating func write(
        _ changes: [Change],
        to record: RecordRef,
        author: String,
        now millis: UInt64
    ) -> ReplicatedOperation {
        let operation = ReplicatedOperation(
            dot: self.nextDot,
            record: record,
            clock: self.records[record]?.clock ?? VectorClock(),
            timestamp: self.clock.tick(now: millis),
            author: author,
            changes: changes
        )
        // A local write is always the next operation from this node.
        _ = try! self.apply(operation)
        return operation
    }

    /// The operations this replica holds that a replica with `vector` lacks, per origin in `seq` order.
    public func operations(missingFrom vector: VersionVector) -> [ReplicatedOperation] {
        self.log.values
            .filter { !vector.covers($0.dot) }
            .sorted { $0.dot < $1.dot }
    }
}
