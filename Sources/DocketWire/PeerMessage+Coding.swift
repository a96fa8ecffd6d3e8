import DocketCodec
import DocketCore
import NIOCore

/// The binary encoding of `PeerMessage`, version 2: one type byte, then the fields in a fixed order.
///
/// Integers are LEB128 varints, strings are length-prefixed UTF-8. An operation travels as its body, the
/// exact bytes its origin wrote and signed (`EncodedOperation`), so relays pass it on unchanged. See
/// docs/protocol.md.
extension PeerMessage {
    private enum Tag: UInt8 {
        case hello = 1, vector = 2, operations = 3, ack = 4, heartbeat = 5, refusal = 6
        case summaryRequest = 7, summary = 8
    }

    /// Limits a decoder enforces before allocating.
    public enum Limits {
        public static let operationsPerBatch = 10_000
        public static let originsPerVector = 100_000
        public static let stringBytes = 64 * 1024
        public static let bodyBytes = (1 << 20) + 64 * 1024
        public static let certificatesPerBatch = 1_000
        public static let certificateBytes = 16 * 1024
        public static let signaturesPerBatch = 10_000
        public static let signatureBytes = 1024
        public static let clockEntries = 10_000
        public static let recordsPerSummary = 500_000
    }

    public func encode(into buffer: inout ByteBuffer) throws {
        switch self {
        case .hello(let hello):
            buffer.writeInteger(Tag.hello.rawValue)
            buffer.writeInteger(hello.minimumVersion)
            buffer.writeInteger(hello.maximumVersion)
            buffer.writeLengthPrefixedString(hello.node.rawValue)
            buffer.writeLengthPrefixedString(hello.software)
            buffer.writeVarint(hello.wallMillis)
            buffer.writeLengthPrefixedString(hello.office)
            buffer.writeVarint(hello.schema)
            buffer.writeVarint(hello.window)
        case .vector(let vector):
            buffer.writeInteger(Tag.vector.rawValue)
            buffer.writeVector(vector)
        case .operations(let batch, let signed):
            Self.writeOperations(batch: batch, StoredBatch(signed), into: &buffer)
        case .ack(let batch, let vector):
            buffer.writeInteger(Tag.ack.rawValue)
            buffer.writeVarint(batch)
            buffer.writeVector(vector)
        case .heartbeat:
            buffer.writeInteger(Tag.heartbeat.rawValue)
        case .refusal(let refusal):
            // Every protocol version sends and reads this layout unchanged (docs/protocol.md,
            // "Compatibility"): it is how a node tells a peer of any version why it hangs up.
            buffer.writeInteger(Tag.refusal.rawValue)
            buffer.writeInteger(refusal.code.rawValue)
            buffer.writeLengthPrefixedString(String(refusal.reason.prefix(1000)))
        case .summaryRequest(let id, let withRecords):
            buffer.writeInteger(Tag.summaryRequest.rawValue)
            buffer.writeVarint(id)
            buffer.writeInteger(withRecords ? UInt8(1) : UInt8(0))
        case .summary(let summary):
            buffer.writeInteger(Tag.summary.rawValue)
            buffer.writeVarint(summary.id)
            buffer.writeVector(summary.vector)
            buffer.writeLengthPrefixedString(summary.digest)
            buffer.writeVarint(UInt64(summary.records.count))
            for record in summary.records {
                buffer.writeLengthPrefixedString(record.id)
                buffer.writeLengthPrefixedString(record.digest)
            }
        }
    }

    private static func readHello(from buffer: inout ByteBuffer) throws -> Hello {
        guard let minimum = buffer.readInteger(as: UInt16.self), let maximum = buffer.readInteger(as: UInt16.self)
        else { throw WireError(.malformed, "hello ends early") }
        let node = try buffer.readNodeID()
        let software = try buffer.readLengthPrefixedString(maximumBytes: 200)
        let wallMillis = try buffer.readVarint()
        let office = try buffer.readLengthPrefixedString(maximumBytes: 16)
        let schema = try buffer.readVarint()
        // Added after the version-2 fields; an earlier build's hello ends before it.
        let window = try buffer.readableBytes > 0 ? buffer.readVarint() : 0
        // Later versions append fields to the hello: skipping them lets this build read a newer peer's
        // version range and refuse it saying which side to upgrade, instead of calling it malformed.
        buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
        return Hello(
            minimumVersion: minimum, maximumVersion: maximum, node: node, software: software, wallMillis: wallMillis,
            office: office, schema: schema, window: window)
    }

    /// Decodes one whole frame's payload.
    /// - Throws: `WireError.malformed` for an unknown type, a field out of bounds, or bytes left over (after
    ///   any message but a hello, whose later fields a newer peer may append).
    public static func decode(from payload: ByteBuffer) throws -> PeerMessage {
        var buffer = payload
        guard let raw = buffer.readInteger(as: UInt8.self) else { throw WireError(.malformed, "empty frame") }
        guard let tag = Tag(rawValue: raw) else { throw WireError(.malformed, "unknown message type \(raw)") }
        let message: PeerMessage
        switch tag {
        case .hello:
            message = .hello(try Self.readHello(from: &buffer))
        case .vector:
            message = .vector(try buffer.readVector())
        case .operations:
            let batch = try buffer.readVarint()
            message = .operations(batch: batch, try buffer.readSignedBatch())
        case .ack:
            let batch = try buffer.readVarint()
            message = .ack(batch: batch, vector: try buffer.readVector())
        case .heartbeat:
            message = .heartbeat
        case .refusal:
            guard let raw = buffer.readInteger(as: UInt8.self) else { throw WireError(.malformed, "refusal ends early") }
            let reason = try buffer.readLengthPrefixedString(maximumBytes: Limits.stringBytes)
            message = .refusal(Refusal(Refusal.Code(rawValue: raw) ?? .protocolViolation, reason))
        case .summaryRequest:
            let id = try buffer.readVarint()
            guard let flag = buffer.readInteger(as: UInt8.self), flag <= 1 else {
                throw WireError(.malformed, "summary request ends early")
            }
            message = .summaryRequest(id: id, withRecords: flag == 1)
        case .summary:
            let id = try buffer.readVarint()
            let vector = try buffer.readVector()
            let digest = try buffer.readLengthPrefixedString(maximumBytes: 64)
            let count = try buffer.readCount(maximum: Limits.recordsPerSummary, of: "record digests")
            var records: [RecordDigest] = []
            records.reserveCapacity(count)
            for _ in 0..<count {
                records.append(RecordDigest(
                    id: try buffer.readLengthPrefixedString(maximumBytes: 200),
                    digest: try buffer.readLengthPrefixedString(maximumBytes: 64)))
            }
            message = .summary(Summary(id: id, vector: vector, digest: digest, records: records))
        }
        guard buffer.readableBytes == 0 else {
            throw WireError(.malformed, "\(buffer.readableBytes) bytes left after a \(message.kind) message")
        }
        return message
    }

    /// The batch number, and the operations and signatures it carries together, of a payload that is a
    /// batch, read without decoding a single operation. Nil for any other message, and for a batch too
    /// broken to count, which `decode(from:)` then refuses.
    public static func batchSize(of payload: ByteBuffer) -> (batch: UInt64, items: Int)? {
        var buffer = payload
        guard buffer.readInteger(as: UInt8.self) == Tag.operations.rawValue,
            let batch = try? buffer.readVarint(), let items = try? buffer.countSignedBatch()
        else { return nil }
        return (batch, items)
    }

    /// The message as a frame payload.
    public func encoded(allocator: ByteBufferAllocator = ByteBufferAllocator()) throws -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 64)
        try self.encode(into: &buffer)
        return buffer
    }

    /// The bytes of `.operations(batch:_:)` for a batch read back from the log, without decoding its
    /// operations: exactly what that message encodes to with the same batch decoded. The buffer is sized
    /// for the bodies up front, where growing it by doubling left up to twice a batch's size allocated.
    public static func encodedOperations(
        batch: UInt64, _ stored: StoredBatch, allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) -> ByteBuffer {
        // Every length prefix and count is a varint of at most 10 bytes.
        let bodies = stored.operations.reduce(0) { $0 + $1.body.count + 10 }
        let certificates = stored.certificates.reduce(0) { $0 + $1.der.count + 10 }
        let signatures = stored.signatures.reduce(0) {
            $0 + $1.origin.rawValue.utf8.count + $1.certificate.utf8.count + $1.signature.count + $1.head.bytes.count + 40
        }
        var buffer = allocator.buffer(capacity: 1 + 3 * 10 + bodies + certificates + signatures)
        Self.writeOperations(batch: batch, stored, into: &buffer)
        return buffer
    }

    /// An operations message, whether its batch was decoded or read back as stored: the same bytes.
    private static func writeOperations(batch: UInt64, _ stored: StoredBatch, into buffer: inout ByteBuffer) {
        buffer.writeInteger(Tag.operations.rawValue)
        buffer.writeVarint(batch)
        buffer.writeStoredBatch(stored)
    }
}

extension ByteBuffer {
    mutating func readNodeID() throws -> NodeID {
        let text = try self.readLengthPrefixedString(maximumBytes: 64)
        guard let node = try? NodeID(text) else { throw WireError(.malformed, "'\(text)' is not a node id") }
        return node
    }

    mutating func writeVector(_ vector: VectorClock) {
        let entries = vector.sortedEntries
        self.writeVarint(UInt64(entries.count))
        for entry in entries {
            self.writeLengthPrefixedString(entry.node.rawValue)
            self.writeVarint(entry.seq)
        }
    }

    mutating func readVector() throws -> VectorClock {
        let count = try self.readCount(maximum: PeerMessage.Limits.originsPerVector, of: "vector entries")
        // Gathered first and sorted once: a peer may send up to 100,000 entries in any order, and putting
        // each into the clock's sorted array in turn would shift it once per entry.
        var entries: [NodeID: UInt64] = [:]
        entries.reserveCapacity(count)
        for _ in 0..<count {
            let node = try self.readNodeID()
            let seq = try self.readSeq()
            guard entries.updateValue(seq, forKey: node) == nil else {
                throw WireError(.malformed, "vector entry for \(node) is repeated")
            }
        }
        return VectorClock(entries)
    }

    /// A sequence number: from 1 up to what a replica can store.
    mutating func readSeq() throws -> UInt64 {
        let seq = try self.readVarint()
        guard (1...Dot.maximumSeq).contains(seq) else { throw WireError(.malformed, "sequence number \(seq) out of range") }
        return seq
    }
}
