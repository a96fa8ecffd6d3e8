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
final class CommitAnnouncer: TransactionObserver {
    private let logPath: String

    init(replicaPath: String) {
        self.logPath = replicaPath + "-wal"
    }

    /// No row events: only commits matter, and GRDB reports those to every observer.
    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
    func databaseDidChange(with event: DatabaseEvent) {}
    func databaseDidRollback(_ db: Database) {}

    func databaseDidCommit(_ db: Database) {
        #if canImport(Glibc)
        _ = utimensat(AT_FDCWD, self.logPath, nil, 0)
        #endif
    }
}
