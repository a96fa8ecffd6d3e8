import DocketCodec
import DocketCore
import DocketTestSupport
import DocketWire
import Foundation
import GRDB
import Testing

@testable import DocketStore

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
        try await Self.heal(offices, signing: scratch.signing, rng: &rng, sent: &sent) { _ in .stored }
        let vector = try await Self.expectIdentical(offices, seed: seed)
        #expect(vector.total > 3, "seed \(seed): the offices wrote")
    }

    /// The same, with every office signing its new changes ahead, in memory, as the commit watch does, and
    /// storing those signatures only some of the time, before or after it sends. An office that crashes
    /// before storing them is opened again without them and signs the same heads anew, so its peers come
    /// to hold other signatures of those heads than it does.
    @Test(arguments: Array(UInt64(1)...6))
    func officesSendingSignaturesMadeAheadConvergeAcrossCrashes(seed: UInt64) async throws {
        let scratch = try Scratch()
        var offices = try [Fixtures.pudong, Fixtures.chaoyang, Fixtures.tianhe].map { try scratch.replica($0) }
        var workload = try StoreWorkload(seed: seed, offices: offices, signing: scratch.signing)
        var rng = SplitMix64(seed: seed &* 104_729)
        var sent: UInt64 = 0
        let reopen = { (office: Replica) in try Replica.open(at: scratch.path("\(office.node).sqlite")) }

        // A change Pudong sent Chaoyang under a signature it never stored: Pudong crashes, signs it again.
        let before = try await offices[0].vector()[Fixtures.pudong]
        try workload.randomChange(at: offices[0])
        let crashedHead = try await offices[0].vector()[Fixtures.pudong]
        #expect(crashedHead > before)
        try await Self.send(from: offices[0], to: offices[1], signing: scratch.signing, rng: &rng, sent: &sent, ahead: .never)
        offices[0] = try reopen(offices[0])

        // Pudong and Chaoyang exchange while Tianhe is cut off; now and then an office crashes.
        for step in 0..<60 {
            workload.now += Int64(rng.int(in: 1...20)) * 60_000
            let roll = rng.int(in: 0...99)
            if roll < 45 {
                try workload.randomChange(at: rng.pick(offices))
            } else if roll < 55 {
                let index = rng.int(in: 0...2)
                offices[index] = try reopen(offices[index])
            } else {
                let reachable = step < 30 ? [0, 1] : [0, 1, 2]
                let source = rng.pick(reachable)
                let target = rng.pick(reachable.filter { $0 != source })
                let storing = rng.pick(SignedAhead.allCases)
                try await Self.send(
                    from: offices[source], to: offices[target], signing: scratch.signing, rng: &rng, sent: &sent,
                    ahead: storing)
            }
        }
        try await Self.heal(offices, signing: scratch.signing, rng: &rng, sent: &sent) { $0.pick(SignedAhead.allCases) }
        _ = try await Self.expectIdentical(offices, seed: seed)
        // The head Pudong sent before its crash: Chaoyang keeps the signature it was sent, which Pudong never
        // stored (it holds another of that head, or, signing only its newer head since, none there).
        let atPudong = try Self.signature(of: Fixtures.pudong, at: crashedHead, in: offices[0])
        let atChaoyang = try Self.signature(of: Fixtures.pudong, at: crashedHead, in: offices[1])
        #expect(atChaoyang != nil && atPudong != atChaoyang, "seed \(seed)")
    }

    /// The partition heals: every pair, in a random order, until nothing is left to send, each send signing
    /// as `ahead` picks.
    static func heal(
        _ offices: [Replica], signing: TestSigning, rng: inout SplitMix64, sent: inout UInt64,
        ahead: (inout SplitMix64) -> SignedAhead
    ) async throws {
        for _ in 0..<2 {
            var pairs = offices.indices.flatMap { a in offices.indices.filter { $0 != a }.map { (a, $0) } }
            rng.shuffle(&pairs)
            for (source, target) in pairs {
                let signed = ahead(&rng)
                try await Self.send(
                    from: offices[source], to: offices[target], signing: signing, rng: &rng, sent: &sent, ahead: signed)
            }
        }
    }

    /// Expects every office to hold the same state and vector; returns the vector.
    static func expectIdentical(_ offices: [Replica], seed: UInt64) async throws -> VersionVector {
        let digest = try offices[0].stateDigest()
        let vector = try await offices[0].vector()
        for office in offices {
            #expect(try office.stateDigest() == digest, "seed \(seed): \(office.node) differs")
            #expect(try await office.vector() == vector, "seed \(seed): \(office.node)")
        }
        return vector
    }

    /// The signature `office` stores of `origin`'s chain at `seq`.
    static func signature(of origin: NodeID, at seq: UInt64, in office: Replica) throws -> [UInt8]? {
        try office.database.read { db in
            try Data.fetchOne(
                db, sql: "SELECT signature FROM chain_signatures WHERE origin = ? AND seq = ?",
                arguments: [origin.rawValue, Int64(seq)]
            ).map { [UInt8]($0) }
        }
    }

    /// Whether and when `send` signs ahead and stores what it signed.
    enum SignedAhead: CaseIterable {
        /// Signed the stored way before reading, as a session or an export does.
        case stored
        /// Signed ahead and stored before the read.
        case storedBeforeReading
        /// Signed ahead and stored after the batches were sent.
        case storedAfterSending
        /// Signed ahead and never stored, as before a crash.
        case never
    }

    /// Sends what `target` lacks from `source` in batches cut at random sizes, through the wire's bytes.
    static func send(
        from source: Replica, to target: Replica, signing: TestSigning, rng: inout SplitMix64, sent: inout UInt64,
        ahead: SignedAhead = .stored
    ) async throws {
        let signer = try signing.signer(for: source.node)
        // Until a replica has stored its certificate (the first stored signing), it cannot sign ahead.
        let signedAhead = ahead == .stored ? nil : try source.signAhead(with: signer)
        if signedAhead == nil {
            try await source.signOwnChain(with: signer)
        }
        if ahead == .storedBeforeReading { try source.storeSignedAhead() }
        defer { if ahead == .storedAfterSending { try? source.storeSignedAhead() } }
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
