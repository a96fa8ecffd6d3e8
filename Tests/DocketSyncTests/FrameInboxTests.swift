import DocketCodec
import DocketCore
import DocketWire
import Testing

@testable import DocketSync

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

    @Test func batchesAreTakenAheadOnlyFromTheFrontAndWithinTheBudget() throws {
        let inbox = FrameInbox()
        let three = try Self.batch(3)
        for message in [PeerMessage.operations(batch: 1, three), .operations(batch: 2, three), .heartbeat] {
            inbox.put(.success(message))
        }
        inbox.put(.failure(WireError(.malformed, "a frame that did not decode")))
        inbox.put(.success(.operations(batch: 3, three)))

        #expect(Self.batchNumber(inbox.take()) == 1)
        #expect(inbox.takeBatch(maximumItems: 2) == nil, "three operations do not fit a budget of two")
        #expect(inbox.takeBatch(maximumItems: 3)?.batch == 2)
        #expect(inbox.takeBatch(maximumItems: 100) == nil, "a heartbeat waits at the front")
        guard case .success(.heartbeat) = inbox.take() else { Issue.record("the heartbeat comes next"); return }
        #expect(inbox.takeBatch(maximumItems: 100) == nil, "a frame that failed to decode waits for its ring")
        guard case .failure = inbox.take() else { Issue.record("the failed frame comes next"); return }
        #expect(Self.batchNumber(inbox.take()) == 3)
        #expect(inbox.take() == nil, "a ring whose frame was taken ahead finds nothing")
    }
}
