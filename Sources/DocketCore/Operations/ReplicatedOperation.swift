/// An immutable change to one record, written at one office and replicated to all.
///
/// Named to stay clear of Foundation's `Operation`.
public struct ReplicatedOperation: Hashable, Sendable, Codable {
    /// The version of the data model (`DocketSchema`) its origin wrote it under.
    public let schema: UInt32
    /// Who wrote it: origin node and that node's gapless sequence number.
    public let dot: Dot
    /// The hash of the body of the origin's previous operation (`ChainHash.zero` for the first): what
    /// chains an origin's operations together under its signatures.
    public let previous: ChainHash
    public let record: RecordRef
    /// The record's vector clock as the writer saw it before this operation; it never covers `dot` itself.
    public let clock: VectorClock
    /// For display and deterministic tie-breaks only.
    public let timestamp: HLCTimestamp
    /// The staff id of the person who made the change.
    public let author: String
    public let changes: [Change]

    public init(
        schema: UInt32 = DocketSchema.current.version,
        dot: Dot,
        previous: ChainHash = .zero,
        record: RecordRef,
        clock: VectorClock,
        timestamp: HLCTimestamp,
        author: String,
        changes: [Change]
    ) {
        self.schema = schema
        self.dot = dot
        self.previous = previous
        self.record = record
        self.clock = clock
        self.timestamp = timestamp
        self.author = author
        self.changes = changes
    }

    /// Whether this operation causally precedes `other` on the same record.
    public func happened(before other: ReplicatedOperation) -> Bool {
        other.clock.covers(self.dot)
    }
}
