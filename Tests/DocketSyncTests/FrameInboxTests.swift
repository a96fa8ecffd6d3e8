import DocketCodec
import DocketCore
import NIOCore
import Testing

@testable import DocketSync
@testable import DocketWire

/// Batches are taken ahead of their rings only from the front, whole, and within the budget; every other
/// frame waits for its own ring, and nothing is reordered.
@Suite struct FrameInboxTests {
    static func batch(_ count: Int) throws -> SignedBatch {
        let node = try NodeID("gz-tianhe")
        var previous = ChainHash.zero
        var operations: [EncodedOperation] = []
        for seq in 1...UInt64(count) {
            let operation = try EncodedOperation(ReplicatedOperation(
                dot: Dot(node: node, seq: seq), previous: previous,
                record: RecordRef(kind: .customer, id: "cust-gz-tianhe-1"), clock: VectorClock(),
                timestamp: HLCTimestamp(millis: 1_700_000_000_000), author: "黄敏",
                changes: [.set(field: "name", value: .text("广州客户\(seq)"))]))
            previous = operation.hash
            operations.append(operation)
        }
        return SignedBatch(operations: operations)
    }

    static func batchNumber(_ frame: Result<PeerMessage, any Error>?) -> UInt64? {
        guard case .success(.operations(let batch, _)) = frame else { return nil }
        return batch
    }

    static func payload(_ message: PeerMessage) throws -> ByteBuffer { try message.encoded() }

    /// A batch whose one operation's bytes are not an operation body: countable, not decodable.
    static var damagedBatch: ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt8(3))  // the operations tag
        buffer.writeVarint(7)
        buffer.writeVarint(1)
        buffer.writeLengthPrefixedBytes([UInt8](repeating: 0xEE, count: 12))
        buffer.writeVarint(0)
        buffer.writeVarint(0)
        return buffer
    }

    @Test func batchesAreTakenAheadOnlyFromTheFrontAndWithinTheBudget() throws {
        let inbox = FrameInbox(window: 16)
        let three = try Self.batch(3)
        for message in [PeerMessage.operations(batch: 1, three), .operations(batch: 2, three), .heartbeat] {
            #expect(inbox.put(try Self.payload(message)))
        }
        #expect(inbox.put(ByteBuffer(bytes: [99])))  // an unknown message type
        #expect(inbox.put(try Self.payload(.operations(batch: 3, three))))

        #expect(Self.batchNumber(inbox.take()) == 1)
        #expect(inbox.takeBatch(maximumItems: 2) == nil, "three operations do not fit a budget of two")
        let second = inbox.takeBatch(maximumItems: 3)
        #expect(second?.batch == 2 && second?.items == 3)
        #expect(try second?.operations.signed() == three)
        #expect(inbox.takeBatch(maximumItems: 100) == nil, "a heartbeat waits at the front")
        guard case .success(.heartbeat) = inbox.take() else { Issue.record("the heartbeat comes next"); return }
        #expect(inbox.takeBatch(maximumItems: 100) == nil, "a frame that failed to decode waits for its ring")
        guard case .failure = inbox.take() else { Issue.record("the failed frame comes next"); return }
        #expect(Self.batchNumber(inbox.take()) == 3, "a batch kept as received is decoded when taken")
        #expect(inbox.take() == nil, "a ring whose frame was taken ahead finds nothing")
    }

    static func hello(window: UInt64) throws -> ByteBuffer {
        try Self.payload(.hello(.init(
            minimumVersion: ProtocolVersion.minimum, maximumVersion: ProtocolVersion.maximum,
            node: try NodeID("gz-tianhe"), software: "docket", window: window)))
    }

    /// Every batch waiting is unacknowledged, so a peer that keeps to the window never has more waiting than
    /// it: one more is refused. Batches taken to be applied, and other frames, do not count.
    @Test func moreBatchesWaitingThanTheLimitAreRefused() throws {
        let inbox = FrameInbox(window: 2)
        #expect(inbox.batchLimit == SyncOptions.windows.upperBound, "a peer that has not said it keeps to a window")
        #expect(inbox.put(try Self.hello(window: 0)))
        #expect(inbox.batchLimit == SyncOptions.windows.upperBound, "an earlier build's hello announces none")
        #expect(inbox.put(try Self.hello(window: 40)))
        #expect(inbox.batchLimit == 2, "limited as the hello arrives, before the driver reads it")
        let one = try Self.batch(1)
        #expect(inbox.put(try Self.payload(.operations(batch: 1, one))))
        #expect(inbox.put(try Self.payload(.heartbeat)))
        #expect(inbox.put(try Self.payload(.operations(batch: 2, one))))
        #expect(!inbox.put(try Self.payload(.operations(batch: 3, one))), "a third batch waiting exceeds a window of two")

        let taken = FrameInbox(window: 2)
        #expect(taken.put(try Self.hello(window: 2)))
        #expect(taken.take() != nil)
        #expect(taken.put(try Self.payload(.operations(batch: 1, one))))
        #expect(taken.put(try Self.payload(.operations(batch: 2, one))))
        #expect(Self.batchNumber(taken.take()) == 1)
        #expect(taken.takeBatch(maximumItems: 100)?.batch == 2, "held behind the first, taken ahead")
        #expect(taken.put(try Self.payload(.operations(batch: 3, one))))
        #expect(taken.put(try Self.payload(.operations(batch: 4, one))), "batches taken no longer wait")
    }

    /// Only the front frame is decoded on arrival; a batch behind it is kept as its bytes, and one whose
    /// operations do not decode is refused when it is read, as it would have been on arrival.
    @Test func batchesBehindOthersWaitAsReceived() throws {
        let inbox = FrameInbox(window: 16)
        #expect(inbox.put(try Self.payload(.heartbeat)))
        #expect(inbox.put(try Self.payload(.operations(batch: 4, try Self.batch(2)))))
        #expect(inbox.put(Self.damagedBatch))
        // Cut short: too broken to count, so decoded (and refused) on arrival like any other frame.
        #expect(inbox.put(ByteBuffer(bytes: [3, 8, 5])))

        guard case .success(.heartbeat) = inbox.take() else { Issue.record("the heartbeat comes first"); return }
        guard case .held? = inbox.takeBatch(maximumItems: 100)?.operations else {
            Issue.record("a batch behind a heartbeat waits as received")
            return
        }
        let damaged = inbox.takeBatch(maximumItems: 100)
        #expect(damaged?.batch == 7 && damaged?.items == 1)
        #expect(throws: WireError.self) { try damaged?.operations.signed() }
        #expect(inbox.takeBatch(maximumItems: 100) == nil)
        guard case .failure(let error as WireError) = inbox.take() else { Issue.record("the short frame is refused"); return }
        #expect(error.code == .malformed)

        let front = FrameInbox(window: 16)
        #expect(front.put(try Self.payload(.operations(batch: 5, try Self.batch(1)))))
        guard case .decoded? = front.takeBatch(maximumItems: 100)?.operations else {
            Issue.record("a batch arriving at the front is decoded at once")
            return
        }
    }
}
