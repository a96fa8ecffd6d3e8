#if canImport(Glibc)
import Glibc
#endif
import GRDB

/// Tells a daemon watching the replica's directory that a commit is complete and visible.
///
/// The daemon's watch wakes on writes to the write-ahead log, but the last of a commit's writes comes
/// before its fsync, and SQLite publishes the commit in shared memory afterwards, which raises no file
/// event: the watch had to guess when to look, checking again and again after every write, and a
/// command's change waited up to a millisecond or two to be noticed. After each commit on the writing
/// connection, in any process, this sets the log's times to now: an attribute event the watch takes as
/// "look now, and nothing more to wait for". SQLite never reads those times. It is only a hint: when it
/// fails (no log file, another user's file) the watch's own checks still see the commit.
///
/// Only a commit that changed rows is announced: a command that only reads may still open and commit a
/// transaction, and an announcement would make the daemon stop chasing a writer that does not announce.
final class CommitAnnouncer: TransactionObserver {
    private let logPath: String
    /// The connection's count of changed rows at the last commit.
    private var changes: Int

    /// - Parameter changes: the connection's count of changed rows now (`Database.totalChangesCount`).
    init(replicaPath: String, changes: Int) {
        self.logPath = replicaPath + "-wal"
        self.changes = changes
    }

    /// No row events: only commits matter, and GRDB reports those to every observer.
    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
    func databaseDidChange(with event: DatabaseEvent) {}
    func databaseDidRollback(_ db: Database) {}

    func databaseDidCommit(_ db: Database) {
        let changes = db.totalChangesCount
        defer { self.changes = changes }
        guard changes != self.changes else { return }
        #if canImport(Glibc)
        _ = utimensat(AT_FDCWD, self.logPath, nil, 0)
        #endif
    }
}
