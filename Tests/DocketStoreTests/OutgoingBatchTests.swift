import DocketCodec
import DocketCore
import DocketTestSupport
import Foundation
import Testing

@testable import DocketStore

/// What a daemon sends is read back from the log as stored, not decoded: the same operations, signatures
/// and certificates as the decoded read, and a body damaged on disk is found before it leaves.
@Suite struct OutgoingBatchTests {
    static func signedReplica(in scratch: Scratch) async throws -> (replica: Replica, certificate: String) {
        let replica = try scratch.replica(Fixtures.pudong)
        let customer = try replica.addCustomer(name: "李秀英")
        let ref = try replica.openCase(customer: customer, summary: "退款三周未到账")
        _ = try replica.change(ref, now: Fixtures.morning + Fixtures.hour) { view in
            try Fixtures.handoff(view, to: "财务部", owner: "李娜")
        }
        let signer = try scratch.signing.signer(for: Fixtures.pudong)
        try await replica.signOwnChain(with: signer)
        return (replica, signer.certificate.fingerprint)
    }

    /// A byte added to a stored body, past the trigger that keeps the log immutable. A blocking write,
    /// which an async test would not otherwise pick.
    static func damageBody(of seq: Int, in replica: Replica) throws {
        try replica.database.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER operations_are_immutable")
            try db.execute(sql: "UPDATE operation_log SET body = body || x'00' WHERE seq = ?", arguments: [seq])
        }
    }

    @Test func theStoredReadCarriesWhatTheDecodedReadCarries() async throws {
        let scratch = try Scratch()
        let (replica, certificate) = try await Self.signedReplica(in: scratch)
        for limit in [1, 2, 1000] {
            let decoded = try replica.signedBatch(missingFrom: VersionVector(), limit: limit, byteBudget: 1 << 20)
            let outgoing = try await replica.outgoingBatch(
                missingFrom: VersionVector(), limit: limit, byteBudget: 1 << 20, signedBy: certificate, isRevoked: { _ in false })
            #expect(!outgoing.batch.operations.isEmpty)
            #expect(outgoing.batch == StoredBatch(decoded), "limit \(limit)")
            #expect(!outgoing.ownHeadUnsigned)
        }
    }

    @Test func aBodyDamagedOnDiskIsFoundBeforeItIsSent() async throws {
        let scratch = try Scratch()
        let (replica, certificate) = try await Self.signedReplica(in: scratch)
        try Self.damageBody(of: 2, in: replica)
        await #expect(throws: StoreError.self) {
            _ = try await replica.outgoingBatch(
                missingFrom: VersionVector(), limit: 1000, byteBudget: 1 << 20, signedBy: certificate, isRevoked: { _ in false })
        }
    }
}
