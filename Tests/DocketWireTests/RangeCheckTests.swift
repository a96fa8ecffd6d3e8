import DocketCodec
import DocketCore
import DocketWire
import NIOCore
import Testing

/// Numbers a peer sends that no replica could store are refused as malformed when decoded, never trapped on
/// later; absurd but storable ones decode as they are.
@Suite struct RangeCheckTests {
    static func operation(seq: UInt64, millis: UInt64, counter: UInt32 = 0, clock: VectorClock = VectorClock()) throws
        -> PeerMessage
    {
        // Encoding an operation written here checks no range, so the body carries what a peer could send.
        .operations(batch: 1, SignedBatch(operations: [try EncodedOperation(ReplicatedOperation(
            dot: Dot(node: try NodeID("bj-chaoyang"), seq: seq), record: RecordRef(kind: .customer, id: "cust-bj-chaoyang-1"),
            clock: clock, timestamp: HLCTimestamp(millis: millis, counter: counter), author: "赵敏",
            changes: [.set(field: "name", value: .text("刘洋"))]))]))
    }

    static func expectMalformed(_ message: PeerMessage) throws {
        let payload = try message.encoded()
        #expect(throws: WireError.self) { try PeerMessage.decode(from: payload) }
    }

    @Test func storableExtremesDecode() throws {
        let message = try Self.operation(seq: UInt64(Int64.max), millis: HLCTimestamp.maximumMillis, counter: .max)
        #expect(try PeerMessage.decode(from: try message.encoded()) == message)
        let absurd = try Self.operation(seq: 1, millis: 1 << 62, counter: .max)
        #expect(try PeerMessage.decode(from: try absurd.encoded()) == absurd)
    }

    @Test func unstorableSeqsAndTimestampsAreMalformed() throws {
        let beyond = UInt64(Int64.max) + 1
        try Self.expectMalformed(try Self.operation(seq: beyond, millis: 1))
        try Self.expectMalformed(try Self.operation(seq: UInt64.max, millis: 1))
        try Self.expectMalformed(try Self.operation(seq: 0, millis: 1))
        try Self.expectMalformed(try Self.operation(seq: 1, millis: beyond))
        try Self.expectMalformed(try Self.operation(seq: 1, millis: .max))
        try Self.expectMalformed(try Self.operation(seq: 2, millis: 1, clock: VectorClock([try NodeID("hq"): beyond])))
        try Self.expectMalformed(.vector(VectorClock([try NodeID("hq"): UInt64.max])))
        try Self.expectMalformed(.ack(batch: 1, vector: VectorClock([try NodeID("hq"): beyond])))
    }

    @Test func aVectorTotalSaturatesInsteadOfOverflowing() throws {
        let vector = VectorClock([try NodeID("a"): .max, try NodeID("b"): .max, try NodeID("c"): 1])
        #expect(vector.total == .max)
    }

    @Test func operationReferencesBeyondWhatAReplicaStoresAreRefused() throws {
        #expect(throws: InputError.self) { try Dot(parsing: "hq:9223372036854775808", field: "since") }
        #expect(try Dot(parsing: "hq:9223372036854775807", field: "since").seq == UInt64(Int64.max))
    }
}
