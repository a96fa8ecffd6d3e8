import DocketCore
import Foundation
import Testing

@testable import DocketStore

/// Every commit of the replica's writer waits for the disk (`synchronous = FULL`), after opening, creating
/// and the daemon's own signing alike.
@Suite struct DurabilityTests {
    static func synchronous(_ replica: Replica) throws -> Int {
        try replica.database.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") ?? -1 }
    }

    @Test func theWriterCommitsWithFullSynchronousAfterCreateOpenAndSigning() async throws {
        let scratch = try Scratch()
        let created = try scratch.replica(Fixtures.pudong)
        #expect(try Self.synchronous(created) == 2)
        let customer = try created.addCustomer()
        _ = try created.openCase(customer: customer)
        try await created.signOwnChain(with: scratch.signing.signer(for: Fixtures.pudong))
        #expect(try Self.synchronous(created) == 2)
        let reopened = try Replica.open(at: scratch.path("\(Fixtures.pudong).sqlite"))
        #expect(try Self.synchronous(reopened) == 2)
    }
}
