import DocketCore
import DocketStore
import DocketTestSupport
import Foundation
import Testing

@testable import DocketSync

/// A commit through `Replica` is announced to a watch on its directory once it is visible; a write or a
/// file closed after writing is only an event.
@Suite struct CommitWatchTests {
    struct Refused: Error {}

    static func replica(in directory: TemporaryDirectory) throws -> Replica {
        try Replica.create(
            at: directory.url.appendingPathComponent("replica.sqlite").path, node: try NodeID("sh-pudong"),
            officeCode: "SH01", now: 0)
    }

    /// Waits until the watch has nothing more to report; whether any of it was an announcement.
    static func drain(_ watch: CommitWatch) -> (event: Bool, commit: Bool) {
        var seen = (event: false, commit: false)
        while watch.wait(timeoutMillis: 50), watch.sawEvent {
            seen.event = true
            seen.commit = seen.commit || watch.sawCommit
        }
        return seen
    }

    @Test func aCommitIsAnnounced() throws {
        let directory = try TemporaryDirectory()
        let replica = try Self.replica(in: directory)
        let watch = try #require(CommitWatch(directory: directory.url.path))
        _ = Self.drain(watch)
        let (reference, _) = try replica.write(author: "李娜", now: 0) { try $0.takeCaseReference() }
        #expect(reference == "SH01-000001")
        let seen = Self.drain(watch)
        #expect(seen.event && seen.commit)
    }

    @Test func aRolledBackChangeAndAnotherFileAreEventsButNoAnnouncement() throws {
        let directory = try TemporaryDirectory()
        let replica = try Self.replica(in: directory)
        let watch = try #require(CommitWatch(directory: directory.url.path))
        _ = Self.drain(watch)
        #expect(throws: Refused.self) {
            try replica.write(author: "李娜", now: 0) { writer in
                _ = try writer.takeCaseReference()
                throw Refused()
            }
        }
        try Data("备注".utf8).write(to: directory.url.appendingPathComponent("notes.txt"))
        let seen = Self.drain(watch)
        #expect(seen.event && !seen.commit)
    }

    /// A watch hears writes until told not to, as during a catch-up's thousands of pages; a file closed
    /// after writing is heard either way, which is how a one-shot writer that does not announce is seen.
    @Test func writesAreHeardUntilTurnedOffAndAClosedFileAlways() throws {
        let directory = try TemporaryDirectory()
        let file = directory.url.appendingPathComponent("replica.sqlite-wal")
        try Data().write(to: file)
        let watch = try #require(CommitWatch(directory: directory.url.path))
        _ = Self.drain(watch)
        let handle = try FileHandle(forWritingTo: file)
        try handle.write(contentsOf: Data("第一页".utf8))
        #expect(Self.drain(watch).event)

        watch.hearWrites(false)
        #expect(!watch.hearsWrites)
        try handle.write(contentsOf: Data("第二页".utf8))
        #expect(!Self.drain(watch).event)
        try handle.close()
        let closed = Self.drain(watch)
        #expect(closed.event && !closed.commit)

        watch.hearWrites(true)
        let again = try FileHandle(forWritingTo: file)
        try again.write(contentsOf: Data("第三页".utf8))
        #expect(Self.drain(watch).event)
        try again.close()
    }
}
