import DocketCore

/// An operation together with its body: the canonical bytes its origin wrote, hashed into the chain and
/// covered by the chain signature. The body is what the log keeps, the wire and files carry, and relays
/// pass on unchanged; the decoded operation is only a reading of it.
///
/// Body version 1, in order (docs/protocol.md specifies it):
/// 1. one byte, the body version: 1;
/// 2. the schema version that wrote the operation (varint, 1 … 2³²−1);
/// 3. the origin node id (varint length, UTF-8) and `seq` (varint);
/// 4. `previous`: the 32-byte hash of the origin's operation `seq - 1`, zeros for `seq` 1;
/// 5. the record kind (one byte: 0 case, 1 customer) and id (varint length, UTF-8);
/// 6. the record clock: a varint count, then per entry, by node id, the node id and its seq;
/// 7. the timestamp: millis and counter (varints); the author (varint length, UTF-8);
/// 8. the changes as JSON (varint length, bytes).
public struct EncodedOperation: Hashable, Sendable {
    public let operation: ReplicatedOperation
    public let body: [UInt8]
    /// SHA-256 of `body`.
    public let hash: ChainHash
    /// Where the changes' JSON starts in `body`; it runs to the end. The log keeps this offset, and its
    /// `operations` view shows those bytes as the changes' text, so they are stored once.
    public let changesOffset: Int

    public static let bodyVersion: UInt8 = 1

    public enum Limits {
        public static let nodeBytes = 64
        public static let recordBytes = 200
        public static let authorBytes = 400
        public static let changesBytes = 1 << 20
        public static let clockEntries = 10_000
    }

    /// Encodes an operation written here.
    public init(_ operation: ReplicatedOperation) throws {
        var writer = ByteWriter(capacity: 256)
        writer.write(byte: Self.bodyVersion)
        writer.write(varint: UInt64(operation.schema))
        writer.write(string: operation.dot.node.rawValue)
        writer.write(varint: operation.dot.seq)
        writer.write(raw: operation.previous.bytes)
        writer.write(byte: operation.record.kind == .case ? 0 : 1)
        writer.write(string: operation.record.id)
        let entries = operation.clock.sortedEntries
        writer.write(varint: UInt64(entries.count))
        for entry in entries {
            writer.write(string: entry.node.rawValue)
            writer.write(varint: entry.seq)
        }
        writer.write(varint: operation.timestamp.millis)
        writer.write(varint: UInt64(operation.timestamp.counter))
        writer.write(string: operation.author)
        let changes = try ChangeCoding.encode(operation.changes)
        writer.write(varint: UInt64(changes.count))
        self.changesOffset = writer.bytes.count
        writer.write(raw: changes)
        self.operation = operation
        self.body = writer.bytes
        self.hash = ChainHash(body: writer.bytes)
    }

    /// Decodes a body received from elsewhere; every number is range-checked before use.
    public init(body: [UInt8]) throws(CodecError) {
        var reader = ByteReader(body)
        let version = try reader.readByte()
        guard version == Self.bodyVersion else { throw CodecError("operation body version \(version) is unknown") }
        let schema = try reader.readVarint()
        guard (1...UInt64(UInt32.max)).contains(schema) else {
            throw CodecError("schema version \(schema) out of range")
        }
        let node = try Self.readNode(&reader)
        let seq = try Self.readSeq(&reader)
        guard let previous = ChainHash(bytes: try reader.readRaw(count: 32)) else { throw CodecError("no previous hash") }
        let kindByte = try reader.readByte()
        guard kindByte <= 1 else { throw CodecError("unknown record kind \(kindByte)") }
        let record = RecordRef(
            kind: kindByte == 0 ? .case : .customer,
            id: try reader.readString(maximumBytes: Limits.recordBytes, of: "record id"))
        let clock = try Self.readClock(&reader)
        let millis = try reader.readVarint()
        // A replica stores millis as a signed 64-bit integer: no build could hold a larger one.
        guard millis <= HLCTimestamp.maximumMillis else { throw CodecError("timestamp beyond Int64.max ms") }
        let counter = try reader.readVarint()
        guard counter <= UInt64(UInt32.max) else { throw CodecError("timestamp counter too large") }
        let author = try reader.readString(maximumBytes: Limits.authorBytes, of: "author")
        let changesCount = try reader.readCount(maximum: Limits.changesBytes, of: "bytes of changes")
        self.changesOffset = reader.offset
        let changes = try ChangeCoding.decode(try reader.readRaw(count: changesCount))
        guard reader.remaining == 0 else { throw CodecError("\(reader.remaining) bytes left after an operation body") }
        self.operation = ReplicatedOperation(
            schema: UInt32(schema), dot: Dot(node: node, seq: seq), previous: previous, record: record, clock: clock,
            timestamp: HLCTimestamp(millis: millis, counter: UInt32(counter)), author: author, changes: changes)
        self.body = body
        self.hash = ChainHash(body: body)
    }

    public var dot: Dot { self.operation.dot }

    static func readNode(_ reader: inout ByteReader) throws(CodecError) -> NodeID {
        let text = try reader.readString(maximumBytes: Limits.nodeBytes, of: "node id")
        guard let node = try? NodeID(text) else { throw CodecError("'\(text)' is not a node id") }
        return node
    }

    static func readSeq(_ reader: inout ByteReader) throws(CodecError) -> UInt64 {
        let seq = try reader.readVarint()
        guard (1...Dot.maximumSeq).contains(seq) else { throw CodecError("sequence number \(seq) out of range") }
        return seq
    }

    private static func readClock(_ reader: inout ByteReader) throws(CodecError) -> VectorClock {
        let count = try reader.readCount(maximum: Limits.clockEntries, of: "clock entries")
        var clock = VectorClock()
        var last: NodeID?
        for _ in 0..<count {
            let node = try Self.readNode(&reader)
            // Sorted and unique, so one clock has one encoding.
            if let last, !(last < node) { throw CodecError("clock entries are not sorted by node") }
            clock[node] = try Self.readSeq(&reader)
            last = node
        }
        return clock
    }
}
