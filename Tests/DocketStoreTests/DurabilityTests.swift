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

    /// The blocking forms, which an async test would not otherwise pick.
    static func signBlocking(_ replica: Replica, with signer: any ChainSigning) throws -> Int {
        try replica.signOwnChain(with: signer)
    }

    static func journalMode(_ replica: Replica) throws -> String? {
        try replica.database.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
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
        // A command's single connection, and the blocking signing the commit watch and export use.
        let single = try Replica.open(at: scratch.path("\(Fixtures.pudong).sqlite"), connections: .single)
        #expect(try Self.synchronous(single) == 2)
        _ = try single.openCase(customer: customer)
        #expect(try Self.signBlocking(single, with: scratch.signing.signer(for: Fixtures.pudong)) == 1)
        #expect(try Self.synchronous(single) == 2)
        #expect(try Self.journalMode(single) == "wal")
    }
}
