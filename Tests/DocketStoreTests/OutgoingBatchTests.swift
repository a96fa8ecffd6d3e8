import DocketCodec
import DocketCore
import DocketTestSupport
import Foundation
import Testing

@testable import DocketStore

/// What a daemon sends is read back from the log as stored, not decoded: the same operations, signatures
/// and certificates as the decoded read, and a body damaged on disk is found before it leaves.
@Suite struct OutgoingBatchTests {
    /// Pudong's replica with three operations of its own, each signed as written (three points to cut at),
    /// and two of Chaoyang's received under Chaoyang's certificate.
    static func signedReplica(in scratch: Scratch) async throws -> (replica: Replica, certificate: String) {
        let replica = try scratch.replica(Fixtures.pudong)
        let signer = try scratch.signing.signer(for: Fixtures.pudong)
        let customer = try replica.addCustomer(name: "李秀英")
        try await replica.signOwnChain(with: signer)
        let ref = try replica.openCase(customer: customer, summary: "退款三周未到账")
        try await replica.signOwnChain(with: signer)
        _ = try replica.change(ref, now: Fixtures.morning + Fixtures.hour) { view in
            try Fixtures.handoff(view, to: "财务部", owner: "李娜")
        }
        try await replica.signOwnChain(with: signer)
        let chaoyang = try scratch.replica(Fixtures.chaoyang)
        let other = try chaoyang.addCustomer(name: "王建国")
        _ = try chaoyang.openCase(customer: other, summary: "安装师傅态度恶劣")
        try replica.receive(from: chaoyang, signing: scratch.signing)
        return (replica, signer.certificate.fingerprint)
    }

    @Test func theStoredReadCarriesWhatTheDecodedReadCarries() async throws {
        let scratch = try Scratch()
        let (replica, certificate) = try await Self.signedReplica(in: scratch)
        let chaoyang = try scratch.signing.signer(for: Fixtures.chaoyang).certificate.fingerprint
        var counts: Set<Int> = []
        for limit in [1, 2, 1000] {
            for budget in [1, 1 << 20] {
                for revoked in [nil, chaoyang] {
                    let isRevoked: @Sendable (String) -> Bool = { $0 == revoked }
                    let decoded = try replica.signedBatch(
                        missingFrom: VersionVector(), limit: limit, byteBudget: budget, isRevoked: isRevoked)
                    let outgoing = try await replica.outgoingBatch(
                        missingFrom: VersionVector(), limit: limit, byteBudget: budget, signedBy: certificate,
                        isRevoked: isRevoked)
                    let label = "limit \(limit), budget \(budget), revoked \(revoked ?? "none")"
                    #expect(outgoing.batch == StoredBatch(decoded), "\(label)")
                    #expect(!outgoing.ownHeadUnsigned)
                    if revoked != nil {
                        #expect(!outgoing.batch.operations.contains { $0.dot.node == Fixtures.chaoyang }, "\(label)")
                    }
                    counts.insert(outgoing.batch.operations.count)
                }
            }
        }
        // The reads were cut at different points: one operation, a whole origin, and both origins.
        #expect(counts.isSuperset(of: [1, 3, 5]), "\(counts.sorted())")
    }

    /// A byte added to a stored body, past the trigger that keeps the log immutable. A blocking write,
    /// which an async test would not otherwise pick.
    static func damageBody(of seq: Int, in replica: Replica) throws {
        try replica.database.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER operations_are_immutable")
            try db.execute(
                sql: "UPDATE operation_log SET body = body || x'00' WHERE origin = 'sh-pudong' AND seq = ?", arguments: [seq])
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
