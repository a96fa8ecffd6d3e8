import DocketCodec
import DocketCore
import DocketTestSupport
import DocketWire
import Foundation
import GRDB
import Testing

@testable import DocketStore

/// A new local change's signature, made in memory before it is stored (`Replica.signAhead`): sent as if
/// stored, then stored as it was sent.
@Suite struct SigningAheadTests {
    /// Pudong with a customer, its chain signed and stored (its certificate with it), and then a case opened:
    /// an unsigned head at seq 2.
    static func unsignedHead(in scratch: Scratch) async throws -> (replica: Replica, signer: any ChainSigning) {
        let replica = try scratch.replica(Fixtures.pudong)
        let signer = try scratch.signing.signer(for: Fixtures.pudong)
        let customer = try replica.addCustomer(name: "李秀英")
        try await replica.signOwnChain(with: signer)
        _ = try replica.openCase(customer: customer, summary: "退款三周未到账")
        return (replica, signer)
    }

    /// The signatures `replica` stores of Pudong's chain, by seq.
    static func stored(in replica: Replica) throws -> [UInt64: [UInt8]] {
        try replica.database.read { db in
            var stored: [UInt64: [UInt8]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT seq, signature FROM chain_signatures WHERE origin = 'sh-pudong'") {
                stored[UInt64(row["seq"] as Int64)] = [UInt8](row["signature"] as Data)
            }
            return stored
        }
    }

    static func outgoing(from replica: Replica, signer: any ChainSigning) async throws -> Replica.OutgoingBatch {
        try await replica.outgoingBatch(
            missingFrom: VersionVector(), limit: 1000, byteBudget: 1 << 20, signedBy: signer.certificate.fingerprint,
            isRevoked: { _ in false })
    }

    /// `batch` applied at `target` as a peer would: through the wire's bytes, verified.
    static func deliver(_ batch: StoredBatch, to target: Replica, signing: TestSigning) async throws -> Int {
        guard case .operations(_, let signed) = try PeerMessage.decode(from: PeerMessage.encodedOperations(batch: 1, batch))
        else { throw StoreError.inconsistent("a stored batch did not decode as operations") }
        return try await target.apply(signed, verifier: signing.verifier, source: "peer sh-pudong").result.applied
    }

    @Test func aChangeSignedAheadIsSentBeforeItsSignatureIsStoredAndStoredAsSent() async throws {
        let scratch = try Scratch()
        let (replica, signer) = try await Self.unsignedHead(in: scratch)
        let before = try Self.stored(in: replica)
        #expect(before.keys.sorted() == [1])

        let ahead = try #require(try replica.signAhead(with: signer))
        #expect(ahead.made == 1)
        #expect(ahead.vector == (try await replica.vector()))
        #expect(try Self.stored(in: replica) == before, "signing ahead writes nothing")

        let outgoing = try await Self.outgoing(from: replica, signer: signer)
        #expect(!outgoing.ownHeadUnsigned)
        #expect(outgoing.batch.operations.map(\.dot.seq) == [1, 2])
        let head = try #require(outgoing.batch.signatures.last)
        #expect(head.seq == 2)
        let chaoyang = try scratch.replica(Fixtures.chaoyang)
        #expect(try await Self.deliver(outgoing.batch, to: chaoyang, signing: scratch.signing) == 2)

        try replica.storeSignedAhead()
        #expect(replica.unstoredSignatures.snapshot.isEmpty)
        #expect(try Self.stored(in: replica)[2] == head.signature, "the signature sent is the one stored")
        #expect(try await Self.outgoing(from: replica, signer: signer).batch == outgoing.batch)
        #expect(try replica.signAhead(with: signer)?.made == 0)
    }

    @Test func beforeItsCertificateIsStoredNothingIsSignedAhead() async throws {
        let scratch = try Scratch()
        let replica = try scratch.replica(Fixtures.pudong)
        let signer = try scratch.signing.signer(for: Fixtures.pudong)
        let customer = try replica.addCustomer(name: "王建国")
        // No batch could name a certificate the replica does not hold: the caller signs the stored way.
        #expect(try replica.signAhead(with: signer) == nil)
        #expect(try Self.stored(in: replica).isEmpty)
        try await replica.signOwnChain(with: signer)
        _ = try replica.openCase(customer: customer, summary: "安装师傅态度恶劣")
        #expect(try replica.signAhead(with: signer)?.made == 1)
    }

    @Test func aSignatureBothStoredAndStillHeldIsSentOnce() async throws {
        let scratch = try Scratch()
        let (replica, signer) = try await Self.unsignedHead(in: scratch)
        _ = try replica.signAhead(with: signer)
        let held = replica.unstoredSignatures.snapshot
        // A read that took the signatures held just before the store committed and dropped them.
        try replica.storeSignedAhead()
        replica.unstoredSignatures.add(held)
        // Every signature of each part, not only its last, so a second copy would show.
        let read = try replica.signedBatch(missingFrom: VersionVector(), everySignature: true)
        #expect(read.signatures.map(\.seq) == [1, 2])
        #expect(read.signatures.last?.signature == held.first?.signature)
        #expect(try await Self.outgoing(from: replica, signer: signer).batch.signatures.map(\.seq) == [2])
    }

    /// A store that fails drops what was signed ahead: the head reads as unsigned again, so a session signs
    /// it the stored way and meets the failure itself, instead of the signature living only in memory.
    @Test func aSignatureThatCannotBeStoredIsDroppedForTheSessionsToSign() async throws {
        let scratch = try Scratch()
        let (replica, signer) = try await Self.unsignedHead(in: scratch)
        _ = try replica.signAhead(with: signer)
        #expect(!(try await Self.outgoing(from: replica, signer: signer).ownHeadUnsigned))
        try await replica.database.writeWithoutTransaction { try $0.execute(sql: "PRAGMA query_only = 1") }
        #expect(throws: (any Error).self) { try replica.storeSignedAhead() }
        try await replica.database.writeWithoutTransaction { try $0.execute(sql: "PRAGMA query_only = 0") }
        #expect(replica.unstoredSignatures.snapshot.isEmpty)
        #expect(try await Self.outgoing(from: replica, signer: signer).ownHeadUnsigned)
        #expect(try Self.stored(in: replica).keys.sorted() == [1])
    }

    @Test func signingTheSameHeadAheadTwiceHoldsOneSignature() async throws {
        let scratch = try Scratch()
        let (replica, signer) = try await Self.unsignedHead(in: scratch)
        _ = try replica.signAhead(with: signer)
        let first = replica.unstoredSignatures.snapshot
        replica.unstoredSignatures.add([try signer.sign(seq: 2, head: first[0].head)])
        #expect(replica.unstoredSignatures.snapshot == first)
    }

    /// A session that found the head unsigned before the watch signed it ahead signs the stored way: the
    /// stored signature is sent from then on, the one made ahead is not stored, and a peer sent either takes it.
    @Test func aSignatureStoredMeanwhileIsTheOneKept() async throws {
        let scratch = try Scratch()
        let (replica, signer) = try await Self.unsignedHead(in: scratch)
        _ = try replica.signAhead(with: signer)
        let ahead = try await Self.outgoing(from: replica, signer: signer).batch
        try await replica.signOwnChain(with: signer)
        let stored = try #require(try Self.stored(in: replica)[2])
        let after = try await Self.outgoing(from: replica, signer: signer).batch
        #expect(after.signatures.map(\.signature) == [stored])
        #expect(ahead.signatures.map(\.signature) != [stored])

        try replica.storeSignedAhead()
        #expect(try Self.stored(in: replica)[2] == stored)
        #expect(replica.unstoredSignatures.snapshot.isEmpty)

        let chaoyang = try scratch.replica(Fixtures.chaoyang)
        let tianhe = try scratch.replica(Fixtures.tianhe)
        #expect(try await Self.deliver(ahead, to: chaoyang, signing: scratch.signing) == 2)
        #expect(try await Self.deliver(after, to: tianhe, signing: scratch.signing) == 2)
        #expect(try chaoyang.stateDigest() == tianhe.stateDigest())
    }

    @Test func theSpacingIsTheStoredSigningsSpacing() {
        #expect(Replica.signingPoints(from: 1, upTo: 2_500) == [1_000, 2_000, 2_500])
        #expect(Replica.signingPoints(from: 1_001, upTo: 1_001) == [1_001])
        #expect(Replica.signingPoints(from: 999, upTo: 1_000) == [1_000])
        #expect(Replica.signingPoints(from: 5, upTo: 4).isEmpty)
    }
}
