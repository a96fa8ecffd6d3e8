import DocketCore
import DocketStore
import Testing

/// Given operations written at one office, when another applies them in batches, then the batch is one
/// transaction: all of it or none of it.
@Suite struct ApplyBatchTests {
    /// Five operations at sh-pudong: a customer, a case, then three changes to the case.
    static func source(in scratch: Scratch) throws -> (replica: Replica, caseRef: RecordRef, operations: [ReplicatedOperation]) {
        let source = try scratch.replica(Fixtures.pudong)
        let customer = try source.addCustomer(traits: ["价格敏感型"])
        let ref = try source.openCase(customer: customer)
        try source.change(ref, now: Fixtures.morning + 60_000) { try Fixtures.handoff($0, to: "技术支持部", owner: "王磊") }
        try source.change(ref, now: Fixtures.morning + 120_000) { try CaseDesk.tag($0.state, set: "tags", element: "漏水", remove: false) }
        try source.change(ref, now: Fixtures.morning + 180_000) { _ in [.append(entry: Fixtures.contact(at: Fixtures.morning))] }
        return (source, ref, try source.operations(missingFrom: VersionVector()))
    }

    @Test func aBatchIsAppliedAndReapplyingItChangesNothing() throws {
        let scratch = try Scratch()
        let (source, _, operations) = try Self.source(in: scratch)
        let target = try scratch.replica(Fixtures.chaoyang)
        #expect(try target.apply(operations) == .init(applied: 5, duplicates: 0))
        let digest = try target.stateDigest()
        #expect(digest == (try source.stateDigest()))
        #expect(try target.apply(operations) == .init(applied: 0, duplicates: 5))
        #expect(try target.apply(Array(operations.prefix(2))) == .init(applied: 0, duplicates: 2))
        #expect(try target.stateDigest() == digest)
        #expect(try target.vector() == VersionVector([Fixtures.pudong: 5]))
    }

    @Test func aBatchOutOfOrderIsTakenPerOriginInSeqOrder() throws {
        let scratch = try Scratch()
        let (source, _, operations) = try Self.source(in: scratch)
        let target = try scratch.replica(Fixtures.chaoyang)
        #expect(try target.apply(operations.reversed()) == .init(applied: 5, duplicates: 0))
        #expect(try target.stateDigest() == (try source.stateDigest()))
        // Overlapping batches: the held ones count as duplicates, the rest apply.
        let other = try scratch.replica(Fixtures.tianhe)
        _ = try other.apply(Array(operations.prefix(3)))
        #expect(try other.apply([operations[4], operations[1], operations[3], operations[2]]) == .init(applied: 2, duplicates: 2))
        #expect(try other.stateDigest() == (try source.stateDigest()))
    }

    @Test func aBatchWithAGapStoresNothing() throws {
        let scratch = try Scratch()
        let (_, _, operations) = try Self.source(in: scratch)
        let target = try scratch.replica(Fixtures.chaoyang)
        _ = try target.apply(Array(operations.prefix(1)))
        let digest = try target.stateDigest()
        let counts = try target.counts()
        #expect(throws: StoreError.outOfSequence(dot: operations[3].dot, expected: 3)) {
            try target.apply([operations[1], operations[3], operations[4]])
        }
        #expect(try target.stateDigest() == digest)
        #expect(try target.counts() == counts)
        #expect(try target.vector() == VersionVector([Fixtures.pudong: 1]))
        #expect(try target.operations(missingFrom: VersionVector()).count == 1)
    }

    @Test func aBatchWithAnInvalidOperationStoresNothing() throws {
        let scratch = try Scratch()
        let (_, ref, operations) = try Self.source(in: scratch)
        let target = try scratch.replica(Fixtures.chaoyang)
        let empty = try target.stateDigest()
        let bad = ReplicatedOperation(
            dot: Dot(node: Fixtures.pudong, seq: 6), record: ref, clock: VectorClock([Fixtures.pudong: 5]),
            timestamp: HLCTimestamp(millis: 1), author: "王磊", changes: [.set(field: "status", value: .text("done"))])
        #expect {
            try target.apply(operations + [bad])
        } throws: { error in
            guard case .invalidOperation(let dot, let reason) = error as? StoreError else { return false }
            return dot == bad.dot && reason.hasPrefix("status:")
        }
        #expect(try target.stateDigest() == empty)
        #expect(try target.counts() == .init(operations: 0, cases: 0, customers: 0, openConflicts: 0))
        #expect(try target.vector() == VersionVector())
        // The same batch without the bad operation applies.
        #expect(try target.apply(operations).applied == 5)
    }

    @Test func operationsAreStoredAsWrittenAndReadBackEqual() throws {
        let scratch = try Scratch()
        let (source, ref, operations) = try Self.source(in: scratch)
        let target = try scratch.replica(Fixtures.chaoyang)
        _ = try target.apply(operations)
        #expect(try target.operations(missingFrom: VersionVector()) == operations)
        #expect(try target.history(of: ref) == operations.filter { $0.record == ref })
        #expect(try target.caseView(ref.id).state == (try source.caseView(ref.id).state))
        #expect(try target.caseView("SH01-000001").id == ref.id, "found by its human reference")
        #expect(throws: StoreError.notFound(kind: .case, key: "SH01-999999")) { try target.caseView("SH01-999999") }
    }
}
