import DocketCodec
import DocketCore
import DocketWire
import Foundation
import NIOCore
import Testing

@Suite struct PeerMessageCodingTests {
    static func sampleOperation(seq: UInt64 = 7, previous: ChainHash = .zero) throws -> ReplicatedOperation {
        let handoff = try Handoff(
            fromDepartment: "客服中心", fromOwner: "王磊", toDepartment: "技术支持部", toOwner: "李娜",
            reason: "需要工程师复检", customerBackground: "金卡客户", problemDetails: "维修后仍漏水", measuresTaken: "已致歉")
        return ReplicatedOperation(
            dot: Dot(node: try NodeID("sh-pudong"), seq: seq),
            previous: previous,
            record: RecordRef(kind: .case, id: "case-sh-pudong-2"),
            clock: VectorClock([try NodeID("sh-pudong"): seq - 1, try NodeID("bj-chaoyang"): 3]),
            timestamp: HLCTimestamp(millis: 1_795_457_863_924, counter: 2),
            author: "王磊",
            changes: [
                .append(entry: .handoff(handoff)), .set(field: "department", value: .text("技术支持部")),
                .add(set: "tags", element: "复检"),
                .remove(set: "tags", element: "加急", observed: [Dot(node: try NodeID("bj-chaoyang"), seq: 2)]),
            ])
    }

    /// Two consecutive operations of sh-pudong with a signature over the second and the certificate it
    /// names. The codec carries signatures and certificates as bytes; checking them is the replica's job.
    static func sampleBatch() throws -> SignedBatch {
        let first = try EncodedOperation(try sampleOperation(seq: 7))
        let second = try EncodedOperation(try sampleOperation(seq: 8, previous: first.hash))
        let certificate = SignerCertificate(der: Array("证书 DER 字节".utf8) + [0x30, 0x82, 0x00, 0xFF])
        let signature = ChainSignature(
            origin: try NodeID("sh-pudong"), seq: 8, head: second.hash, certificate: certificate.fingerprint,
            signature: (0..<72).map { UInt8($0 * 3 % 256) })
        return SignedBatch(operations: [first, second], signatures: [signature], certificates: [certificate])
    }

    static func allMessages() throws -> [PeerMessage] {
        let vector = VectorClock([try NodeID("sh-pudong"): 12, try NodeID("hq"): 400])
        return [
            .hello(.init(minimumVersion: 1, maximumVersion: 3, node: try NodeID("bj-chaoyang"), software: "docket 0.1", wallMillis: 1_795_457_863_924)),
            .hello(.init(
                minimumVersion: 2, maximumVersion: 2, node: try NodeID("gz-tianhe"), software: "docket 0.3.0", office: "GZ01",
                schema: 1 << 40)),
            .vector(vector),
            .vector(VectorClock()),
            .operations(batch: 9, try sampleBatch()),
            .operations(batch: 10, SignedBatch(signatures: try sampleBatch().signatures, certificates: try sampleBatch().certificates)),
            .operations(batch: 0, SignedBatch()),
            .ack(batch: 9, vector: vector),
            .heartbeat,
            .refusal(.init(.versionMismatch, "no common protocol version: 1...1 vs 2...3")),
            .summaryRequest(id: 3, withRecords: true),
            .summary(.init(id: 3, vector: vector, digest: String(repeating: "ab", count: 32), records: [
                .init(id: "case-sh-pudong-2", digest: String(repeating: "0f", count: 32)),
            ])),
        ]
    }

    @Test func everyMessageRoundTrips() throws {
        for message in try Self.allMessages() {
            let decoded = try PeerMessage.decode(from: try message.encoded())
            #expect(decoded == message)
        }
    }

    /// A batch read back from the log goes out without its operations decoded, and must be the very bytes
    /// the decoded batch encodes to: a receiver cannot tell them apart, and reads it back whole.
    @Test func aStoredBatchEncodesToTheBytesOfTheSameBatchDecoded() throws {
        let sample = try Self.sampleBatch()
        let batches = [
            sample, SignedBatch(), SignedBatch(signatures: sample.signatures, certificates: sample.certificates),
            SignedBatch(operations: sample.operations),
        ]
        for (number, signed) in zip([UInt64(0), 9, 1 << 40, 300], batches) {
            let stored = PeerMessage.encodedOperations(batch: number, StoredBatch(signed))
            #expect(stored == (try PeerMessage.operations(batch: number, signed).encoded()))
            #expect((try PeerMessage.decode(from: stored)) == .operations(batch: number, signed))
        }
    }

    /// The layout itself, written out by hand, so that the test above is not only one encoder checked
    /// against itself: tag 3, the batch number, then the bodies, certificates and signatures, each counted.
    @Test func aStoredBatchHasTheDocumentedLayout() throws {
        let node = try NodeID("sh-pudong")
        let head = try #require(ChainHash(bytes: [UInt8](repeating: 0xAB, count: 32)))
        let stored = StoredBatch(
            operations: [.init(dot: Dot(node: node, seq: 1), body: [0x01, 0xFF])],
            signatures: [ChainSignature(origin: node, seq: 300, head: head, certificate: "c", signature: [0x30, 0x02])],
            certificates: [SignerCertificate(der: [0x30])])
        var expected: [UInt8] = [3, 9]
        expected += [1, 2, 0x01, 0xFF]
        expected += [1, 1, 0x30]
        expected += [1, 9] + Array("sh-pudong".utf8) + [0xAC, 0x02] + [UInt8](repeating: 0xAB, count: 32)
        expected += [1] + Array("c".utf8) + [2, 0x30, 0x02]
        let bytes = PeerMessage.encodedOperations(batch: 9, stored)
        #expect(bytes.getBytes(at: bytes.readerIndex, length: bytes.readableBytes) == expected)
    }

    @Test func truncatedMessagesAreMalformedNeverCrash() throws {
        for message in try Self.allMessages() {
            let full = try message.encoded()
            for length in 0..<full.readableBytes {
                let prefix = full.getSlice(at: full.readerIndex, length: length)!
                if case .hello(var earlier) = message, earlier.window < 0x80, length == full.readableBytes - 1 {
                    // Cut before its one-byte window, a hello is a whole one from a build before the window.
                    earlier.window = 0
                    #expect(try PeerMessage.decode(from: prefix) == .hello(earlier))
                    continue
                }
                #expect(throws: WireError.self) { try PeerMessage.decode(from: prefix) }
            }
        }
    }

    @Test func randomBytesAreRefusedWithoutCrashing() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let length = Int.random(in: 0..<200, using: &generator)
            var buffer = ByteBuffer()
            buffer.writeBytes((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) })
            // Most random payloads must fail; none may crash or hang.
            _ = try? PeerMessage.decode(from: buffer)
        }
    }

    @Test func trailingBytesAndUnknownTypesAreMalformed() throws {
        var extra = try PeerMessage.heartbeat.encoded()
        extra.writeInteger(UInt8(0))
        #expect(throws: WireError.self) { try PeerMessage.decode(from: extra) }
        var unknown = ByteBuffer()
        unknown.writeInteger(UInt8(200))
        #expect(throws: WireError.self) { try PeerMessage.decode(from: unknown) }
    }

    /// A peer may send a vector's entries in any order: they are read as the same vector, and a node named
    /// twice is refused. (Sorted once after reading, not kept sorted entry by entry, which with 100,000
    /// entries in reverse order shifted the array once per entry.)
    @Test func vectorEntriesInAnyOrderReadAsTheSameVector() throws {
        func varint(_ value: Int, into buffer: inout ByteBuffer) {
            var rest = UInt64(value)
            while rest >= 0x80 {
                buffer.writeInteger(UInt8(rest & 0x7F) | 0x80)
                rest >>= 7
            }
            buffer.writeInteger(UInt8(rest))
        }
        let type = try #require(try PeerMessage.vector(VectorClock()).encoded().getInteger(at: 0, as: UInt8.self))
        func message(_ entries: [(String, Int)]) -> ByteBuffer {
            var buffer = ByteBuffer()
            buffer.writeInteger(type)
            varint(entries.count, into: &buffer)
            for (node, seq) in entries {
                varint(node.utf8.count, into: &buffer)
                buffer.writeString(node)
                varint(seq, into: &buffer)
            }
            return buffer
        }
        let descending = (0..<5_000).reversed().map { (String(format: "n%05d", $0), $0 + 1) }
        let expected = VectorClock(Dictionary(uniqueKeysWithValues: try descending.map { (try NodeID($0.0), UInt64($0.1)) }))
        #expect(try PeerMessage.decode(from: message(descending)) == .vector(expected))
        #expect(throws: WireError.self) { try PeerMessage.decode(from: message([("n1", 1), ("n0", 1), ("n1", 2)])) }
    }

    @Test func hugeCountsAreRefusedBeforeAllocating() throws {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt8(3))  // operations
        buffer.writeBytes([0x01])  // batch 1
        buffer.writeBytes([0xFF, 0xFF, 0xFF, 0xFF, 0x0F])  // ~4 billion operations
        #expect(throws: WireError.self) { try PeerMessage.decode(from: buffer) }
    }

    /// Version 2 signs operations; version 1 never shipped and is not spoken.
    @Test func thisBuildSpeaksVersionTwoOnly() {
        #expect(ProtocolVersion.minimum == 2)
        #expect(ProtocolVersion.maximum == 2)
        #expect(ProtocolVersion.negotiate(
            localMinimum: ProtocolVersion.minimum, localMaximum: ProtocolVersion.maximum, remoteMinimum: 1, remoteMaximum: 1) == nil)
        #expect(ProtocolVersion.negotiate(
            localMinimum: ProtocolVersion.minimum, localMaximum: ProtocolVersion.maximum, remoteMinimum: 1, remoteMaximum: 3) == 2)
    }

    @Test func versionNegotiationPicksTheHighestCommonVersion() {
        #expect(ProtocolVersion.negotiate(localMinimum: 1, localMaximum: 1, remoteMinimum: 1, remoteMaximum: 3) == 1)
        #expect(ProtocolVersion.negotiate(localMinimum: 1, localMaximum: 4, remoteMinimum: 2, remoteMaximum: 3) == 3)
        #expect(ProtocolVersion.negotiate(localMinimum: 1, localMaximum: 1, remoteMinimum: 2, remoteMaximum: 3) == nil)
    }
}
