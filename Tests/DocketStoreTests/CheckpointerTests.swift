import DocketCore
import Foundation
import GRDB
import Testing

@testable import DocketStore

/// With a checkpointer, the writer's commits leave their pages in the write-ahead log, and the checkpointer
/// copies them into the database file on its own connection.
@Suite struct CheckpointerTests {
    /// Commits about 6 MiB in 1 MiB transactions: past SQLite's own threshold of 1,000 pages.
    static func writeSixMiB(_ replica: Replica) throws {
        try replica.database.write { try $0.execute(sql: "CREATE TABLE filler (bytes BLOB)") }
        for _ in 0..<6 {
            try replica.database.write { try $0.execute(sql: "INSERT INTO filler VALUES (zeroblob(1048576))") }
        }
    }

    static func fileBytes(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    @Test func withoutOneTheWriterCheckpointsItself() throws {
        let scratch = try Scratch()
        let replica = try scratch.replica(Fixtures.pudong)
        try Self.writeSixMiB(replica)
        #expect(try Self.fileBytes(replica.path) > 4 << 20)
    }

    @Test func theWriterLeavesPagesInTheLogAndTheCheckpointerCopiesThem() throws {
        let scratch = try Scratch()
        let replica = try scratch.replica(Fixtures.pudong)
        let checkpointer = try Checkpointer(replica: replica)
        let threshold = try replica.database.writeWithoutTransaction {
            try Int.fetchOne($0, sql: "PRAGMA wal_autocheckpoint")
        }
        #expect(threshold == Checkpointer.fallbackPages)
        try Self.writeSixMiB(replica)
        #expect(try Self.fileBytes(replica.path) < 1 << 20)
        let result = try checkpointer.checkpoint()
        #expect(result.logPages > 1_500)
        #expect(result.copiedPages == result.logPages)
        #expect(try Self.fileBytes(replica.path) > 6 << 20)
        // Nothing was lost on the way: the rows read back from the database file and the log alike.
        #expect(try replica.database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM filler") } == 6)
    }

    @Test func aRequestCheckpointsOnTheCheckpointersOwnThread() async throws {
        let scratch = try Scratch()
        let replica = try scratch.replica(Fixtures.pudong)
        let checkpointer = try Checkpointer(replica: replica)
        try Self.writeSixMiB(replica)
        for _ in 0..<5 { checkpointer.request(operations: .max) }
        let deadline = ContinuousClock.now + .seconds(10)
        while try Self.fileBytes(replica.path) < 6 << 20, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try Self.fileBytes(replica.path) > 6 << 20)
    }

    /// A request soon after a checkpoint is not dropped: it runs once the interval has passed.
    @Test func aRequestSoonAfterACheckpointStillRuns() async throws {
        let scratch = try Scratch()
        let replica = try scratch.replica(Fixtures.pudong)
        let checkpointer = try Checkpointer(replica: replica)
        try await replica.database.write { try $0.execute(sql: "CREATE TABLE filler (bytes BLOB)") }
        for round in 1...2 {
            try await replica.database.write { try $0.execute(sql: "INSERT INTO filler VALUES (zeroblob(2097152))") }
            checkpointer.request(operations: .max)
            let deadline = ContinuousClock.now + .seconds(10)
            while try Self.fileBytes(replica.path) < round * (2 << 20), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(try Self.fileBytes(replica.path) > round * (2 << 20))
        }
    }

    /// Lone changes stay in the log, so the next commit appends to it instead of starting it over (which
    /// syncs a new header first), until the first of them has waited `longestWait`; enough operations
    /// together are copied soon.
    @Test func fewOperationsWaitInTheLogUntilTheLongestWait() async throws {
        let log = try await CopiedLog()
        let (replica, patient, copied, change) = (log.replica, log.checkpointer, log.copied, CopiedLog.change)
        try await replica.database.write { try $0.execute(sql: change) }
        patient.request(operations: 1)
        try await replica.database.write { try $0.execute(sql: change) }
        patient.request(operations: 1)
        try await Task.sleep(for: Checkpointer.minimumInterval * 3)
        #expect(try Self.fileBytes(replica.path) == copied, "lone changes are left in the log")

        patient.request(operations: Checkpointer.operationsBeforeCheckpoint)
        try await Self.waitUntil { try Self.fileBytes(replica.path) >= copied + 150 << 10 }
        #expect(try Self.fileBytes(replica.path) >= copied + 150 << 10, "copied soon once enough operations waited")

        let brief = try Checkpointer(replica: replica, longestWait: .seconds(2))
        try await replica.database.write { try $0.execute(sql: change) }
        brief.request(operations: 1)
        #expect(try Self.fileBytes(replica.path) < copied + 250 << 10, "not copied before the longest wait")
        try await Self.waitUntil { try Self.fileBytes(replica.path) >= copied + 250 << 10 }
        #expect(try Self.fileBytes(replica.path) >= copied + 250 << 10, "copied once the first had waited the longest wait")
    }

    /// A checkpoint that a reader kept from copying everything is not counted as done: the next commit
    /// asks for another soon, however small.
    @Test func aCheckpointAReaderHeldBackIsTriedAgainAtTheNextCommit() async throws {
        let log = try await CopiedLog()
        let (replica, checkpointer, copied) = (log.replica, log.checkpointer, log.copied)
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let reader = try DatabaseQueue(path: replica.path, configuration: configuration)
        // A read transaction left open: its snapshot predates the change below, which must stay in the log.
        try reader.inDatabase { db in
            try db.execute(sql: "BEGIN")
            _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM filler")
        }
        try await replica.database.write { try $0.execute(sql: CopiedLog.change) }
        checkpointer.request(operations: Checkpointer.operationsBeforeCheckpoint)
        try await Task.sleep(for: Checkpointer.minimumInterval * 2)
        #expect(try Self.fileBytes(replica.path) == copied, "the reader held the change in the log")
        try reader.inDatabase { try $0.execute(sql: "COMMIT") }

        try await replica.database.write { try $0.execute(sql: "INSERT INTO filler VALUES ('再一次')") }
        checkpointer.request(operations: 1)
        try await Self.waitUntil { try Self.fileBytes(replica.path) >= copied + 80 << 10 }
        #expect(try Self.fileBytes(replica.path) >= copied + 80 << 10, "tried again at the next commit")
    }

    /// A replica with an empty `filler` table and a checkpointer that has copied everything so far.
    struct CopiedLog {
        /// A change of about 100 KiB: the database file grows only when a checkpoint copies it.
        static let change = "INSERT INTO filler VALUES (zeroblob(102400))"
        let scratch: Scratch
        let replica: Replica
        let checkpointer: Checkpointer
        /// The database file's size with nothing left in the log.
        let copied: Int

        init() async throws {
            self.scratch = try Scratch()
            self.replica = try self.scratch.replica(Fixtures.pudong)
            self.checkpointer = try Checkpointer(replica: self.replica)
            try await self.replica.database.write { try $0.execute(sql: "CREATE TABLE filler (bytes BLOB)") }
            _ = try self.checkpointer.checkpoint()
            self.copied = try CheckpointerTests.fileBytes(self.replica.path)
        }
    }

    static func waitUntil(_ done: () throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while try !done(), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
