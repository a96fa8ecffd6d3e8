import DocketCodec
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

    /// The source's operations signed as three batches of two, two and one, and an empty replica for them.
    static func threeBatches(in scratch: Scratch) throws -> (
        source: Replica, target: Replica, first: SignedBatch, second: SignedBatch, third: SignedBatch
    ) {
        let (source, _, operations) = try Self.source(in: scratch)
        return (
            source, try scratch.replica(Fixtures.chaoyang), try scratch.signing.sign(Array(operations.prefix(2))),
            try scratch.signing.sign(Array(operations[2..<4])), try scratch.signing.sign(Array(operations.suffix(1))))
    }

    @Test func aBatchIsAppliedAndReapplyingItChangesNothing() throws {
        let scratch = try Scratch()
        let (source, _, operations) = try Self.source(in: scratch)
        let target = try scratch.replica(Fixtures.chaoyang)
        #expect(try target.apply(operations, signedBy: scratch.signing) == .init(applied: 5, duplicates: 0))
        let digest = try target.stateDigest()
        #expect(digest == (try source.stateDigest()))
        #expect(try target.apply(operations, signedBy: scratch.signing) == .init(applied: 0, duplicates: 5))
        #expect(try target.apply(Array(operations.prefix(2)), signedBy: scratch.signing) == .init(applied: 0, duplicates: 2))
        #expect(try target.stateDigest() == digest)
        #expect(try target.vector() == VersionVector([Fixtures.pudong: 5]))
    }

    @Test func aBatchOutOfOrderIsTakenPerOriginInSeqOrder() throws {
        let scratch = try Scratch()
        let (source, _, operations) = try Self.source(in: scratch)
        let target = try scratch.replica(Fixtures.chaoyang)
        #expect(try target.apply(operations.reversed(), signedBy: scratch.signing) == .init(applied: 5, duplicates: 0))
        #expect(try target.stateDigest() == (try source.stateDigest()))
        // Overlapping batches: the held ones count as duplicates, the rest apply.
        let other = try scratch.replica(Fixtures.tianhe)
        _ = try other.apply(Array(operations.prefix(3)), signedBy: scratch.signing)
        let overlapping = [operations[4], operations[1], operations[3], operations[2]]
        #expect(try other.apply(overlapping, signedBy: scratch.signing) == .init(applied: 2, duplicates: 2))
        #expect(try other.stateDigest() == (try source.stateDigest()))
    }

    @Test func aBatchWithAGapStoresNothing() throws {
        let scratch = try Scratch()
        let (_, _, operations) = try Self.source(in: scratch)
        let target = try scratch.replica(Fixtures.chaoyang)
        _ = try target.apply(Array(operations.prefix(1)), signedBy: scratch.signing)
        let digest = try target.stateDigest()
        let counts = try target.counts()
        #expect(throws: StoreError.outOfSequence(dot: operations[3].dot, expected: 3)) {
            try target.apply([operations[1], operations[3], operations[4]], signedBy: scratch.signing)
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
        // It continues the chain and is signed: only its content is wrong.
        let bad = ReplicatedOperation(
            dot: Dot(node: Fixtures.pudong, seq: 6), previous: try EncodedOperation(operations[4]).hash, record: ref,
            clock: VectorClock([Fixtures.pudong: 5]),
            timestamp: HLCTimestamp(millis: 1), author: "王磊", changes: [.set(field: "status", value: .text("done"))])
        #expect {
            try target.apply(operations + [bad], signedBy: scratch.signing)
        } throws: { error in
            guard case .invalidOperation(let dot, let reason) = error as? StoreError else { return false }
            return dot == bad.dot && reason.hasPrefix("status:")
        }
        #expect(try target.stateDigest() == empty)
        #expect(try target.counts() == .init(operations: 0, cases: 0, customers: 0, openConflicts: 0))
        #expect(try target.vector() == VersionVector())
        // The same batch without the bad operation applies.
        #expect(try target.apply(operations, signedBy: scratch.signing).applied == 5)
    }

    @Test func operationsAreStoredAsWrittenAndReadBackEqual() throws {
        let scratch = try Scratch()
        let (source, ref, operations) = try Self.source(in: scratch)
        let target = try scratch.replica(Fixtures.chaoyang)
        _ = try target.apply(operations, signedBy: scratch.signing)
        #expect(try target.operations(missingFrom: VersionVector()) == operations)
        #expect(try target.history(of: ref) == operations.filter { $0.record == ref })
        #expect(try target.caseView(ref.id).state == (try source.caseView(ref.id).state))
        #expect(try target.caseView("SH01-000001").id == ref.id, "found by its human reference")
        #expect(throws: StoreError.notFound(kind: .case, key: "SH01-999999")) { try target.caseView("SH01-999999") }
    }

    /// Batches applied together are each judged as if applied alone: one whose newest operation no
    /// signature covers sinks the whole transaction, the batches before it included, and applied one at a
    /// time (what a session falls back to) those before it are kept.
    @Test func batchesAppliedTogetherAreAllOrNothingAndEachJudgedAlone() async throws {
        let scratch = try Scratch()
        let (source, target, first, second, third) = try Self.threeBatches(in: scratch)
        // The second batch without its signature: each batch must bring what covers its own head, even
        // though the third's signature covers the whole chain.
        let unsigned = SignedBatch(operations: second.operations)
        await #expect {
            _ = try await target.apply(together: [first, unsigned, third], verifier: scratch.signing.verifier)
        } throws: { error in
            guard case .forged(let dot, let refusal) = error as? StoreError else { return false }
            return dot == Dot(node: Fixtures.pudong, seq: 4) && refusal.reason == .unsigned
        }
        #expect(try await target.vector() == VersionVector(), "nothing of a refused group is stored")
        #expect(try target.counts().operations == 0)

        _ = try await target.apply(first, verifier: scratch.signing.verifier, source: "test")
        #expect(throws: StoreError.self) { try target.apply(unsigned, verifier: scratch.signing.verifier, source: "test") }
        #expect(try await target.vector() == VersionVector([Fixtures.pudong: 2]))

        let outcome = try await target.apply(together: [second, third], verifier: scratch.signing.verifier)
        #expect(outcome.result == .init(applied: 3, duplicates: 0))
        #expect(outcome.vector == VersionVector([Fixtures.pudong: 5]))
        #expect(try target.stateDigest() == (try source.stateDigest()))
        // Each batch's signature was kept: a batch relayed from here can end at seq 2 or 4, which only
        // those signatures cover, and a third office takes the chain in those parts.
        let relay = try scratch.replica(Fixtures.tianhe)
        for (limit, end) in [(2, 2), (2, 4), (5, 5)] {
            let part = try target.signedBatch(missingFrom: try await relay.vector(), limit: limit)
            #expect(part.operations.last?.dot.seq == UInt64(end))
            _ = try await relay.apply(part, verifier: scratch.signing.verifier, source: "peer bj-chaoyang")
        }
        #expect(try relay.stateDigest() == (try source.stateDigest()))
    }

    /// Batches applied together are read one at a time as the transaction reaches each (the next one on
    /// another thread): one that cannot be read sinks the transaction like one that fails to apply, and
    /// the dots come back per batch, in the order given.
    @Test func batchesAppliedTogetherAreReadInTurn() async throws {
        struct Unreadable: Error {}
        let scratch = try Scratch()
        let (source, target, first, second, third) = try Self.threeBatches(in: scratch)
        let verifier = scratch.signing.verifier
        await #expect(throws: Unreadable.self) {
            _ = try await target.apply(together: [{ first }, { throw Unreadable() }, { third }], verifier: verifier)
        }
        #expect(try await target.vector() == VersionVector(), "nothing of a group with an unreadable batch is stored")

        let applied = try await target.apply(together: [{ first }, { second }, { third }], verifier: verifier)
        #expect(applied.dots == [first, second, third].map { $0.operations.map(\.dot) })
        #expect(applied.outcome.result == .init(applied: 5, duplicates: 0))
        #expect(try target.stateDigest() == (try source.stateDigest()))
    }

    /// A replica restored from a backup takes back the operations it wrote after the backup, which only its
    /// own certificate can vouch for: the same operations signed by another office are forged.
    @Test func ownOperationsAreTakenBackOnlyUnderTheNodesOwnCertificate() throws {
        let scratch = try Scratch()
        let (source, _, operations) = try Self.source(in: scratch)
        let restored = try scratch.replica(Fixtures.pudong, file: "restored.sqlite")
        let encoded = try operations.map { try EncodedOperation($0) }
        let chaoyang = try scratch.signing.signer(for: Fixtures.chaoyang)
        var claim = try chaoyang.sign(seq: 5, head: encoded[4].hash)
        claim.origin = Fixtures.pudong
        let forged = SignedBatch(operations: encoded, signatures: [claim], certificates: [chaoyang.certificate])
        #expect {
            try restored.apply(forged, verifier: scratch.signing.verifier, source: "peer bj-chaoyang")
        } throws: { error in
            guard case .forged(let dot, let refusal) = error as? StoreError else { return false }
            return dot == Dot(node: Fixtures.pudong, seq: 5) && refusal.reason == .wrongSigner
        }
        #expect {
            try restored.apply(SignedBatch(operations: encoded), verifier: scratch.signing.verifier, source: "peer hq")
        } throws: { error in
            guard case .forged(_, let refusal) = error as? StoreError else { return false }
            return refusal.reason == .unsigned
        }
        #expect(try restored.vector() == VersionVector(), "nothing of a refused batch is stored")

        let signed = try scratch.signing.signedBatch(from: source)
        #expect(try restored.apply(signed, verifier: scratch.signing.verifier, source: "peer hq") == .init(applied: 5, duplicates: 0))
        #expect(try restored.stateDigest() == (try source.stateDigest()))
    }
}
