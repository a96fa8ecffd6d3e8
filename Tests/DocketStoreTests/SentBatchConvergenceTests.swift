import DocketCodec
import DocketCore
import DocketStore
import DocketTestSupport
import DocketWire
import Testing

/// Offices that exchange operations only as a daemon sends them (read back from the log as stored, framed
/// as a peer message, decoded and verified at the other end), in random batch sizes, in random orders and
/// across a partition, end with identical replicas.
@Suite struct SentBatchConvergenceTests {
    @Test(arguments: Array(UInt64(1)...6))
    func officesSyncingOnlyByWhatTheySendConverge(seed: UInt64) async throws {
        let scratch = try Scratch()
        let offices = try [Fixtures.pudong, Fixtures.chaoyang, Fixtures.tianhe].map { try scratch.replica($0) }
        var workload = try StoreWorkload(seed: seed, offices: offices, signing: scratch.signing)
        var rng = SplitMix64(seed: seed &* 7919)
        var sent: UInt64 = 0

        // Pudong and Chaoyang exchange while Tianhe is cut off, all three changing the same cases.
        for _ in 0..<30 {
            workload.now += Int64(rng.int(in: 1...20)) * 60_000
            if rng.chance(55) {
                try workload.randomChange(at: rng.pick(offices))
            } else {
                let (source, target) = rng.chance(50) ? (offices[0], offices[1]) : (offices[1], offices[0])
                try await Self.send(from: source, to: target, signing: scratch.signing, rng: &rng, sent: &sent)
            }
        }
        // The partition heals: every pair, in a random order, until nothing is left to send.
        for _ in 0..<2 {
            var pairs = offices.indices.flatMap { a in offices.indices.filter { $0 != a }.map { (a, $0) } }
            rng.shuffle(&pairs)
            for (source, target) in pairs {
                try await Self.send(from: offices[source], to: offices[target], signing: scratch.signing, rng: &rng, sent: &sent)
            }
        }

        let digest = try offices[0].stateDigest()
        let vector = try await offices[0].vector()
        #expect(vector.total > 3, "seed \(seed): the offices wrote")
        for office in offices {
            #expect(try office.stateDigest() == digest, "seed \(seed): \(office.node) differs")
            #expect(try await office.vector() == vector, "seed \(seed): \(office.node)")
        }
    }

    /// Sends what `target` lacks from `source` in batches cut at random sizes, through the wire's bytes.
    static func send(
        from source: Replica, to target: Replica, signing: TestSigning, rng: inout SplitMix64, sent: inout UInt64
    ) async throws {
        let signer = try signing.signer(for: source.node)
        try await source.signOwnChain(with: signer)
        // Bounded, so that a read that stops advancing fails here instead of looping.
        for _ in 0..<1000 {
            let outgoing = try await source.outgoingBatch(
                missingFrom: try await target.vector(), limit: rng.int(in: 1...7), byteBudget: rng.int(in: 200...4000),
                signedBy: signer.certificate.fingerprint, isRevoked: { _ in false })
            #expect(!outgoing.ownHeadUnsigned)
            guard !outgoing.batch.operations.isEmpty else { return }
            sent += 1
            let frame = PeerMessage.encodedOperations(batch: sent, outgoing.batch)
            guard case .operations(let number, let signed) = try PeerMessage.decode(from: frame) else {
                Issue.record("a stored batch did not decode as operations")
                return
            }
            #expect(number == sent)
            let outcome = try await target.apply(signed, verifier: signing.verifier, source: "\(source.node)")
            #expect(outcome.result.applied + outcome.result.duplicates == signed.operations.count)
        }
        Issue.record("\(source.node) still had operations for \(target.node) after 1,000 batches")
    }
}
