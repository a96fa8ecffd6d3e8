import Foundation
import GRDB
import Synchronization

/// Copies committed pages from the write-ahead log into the database file on a connection and a thread of
/// its own, so that the daemon's writer does not.
///
/// SQLite checkpoints at the end of the commit that grows the log past 1,000 pages, on the committing
/// connection. While a replica catches up that was nearly every batch: the writer copied each page a second
/// time and waited for a second `fsync` before it could start on the next batch. With a checkpointer, a
/// passive checkpoint runs after the commits the daemon notices, at most one per `minimumInterval` so that
/// a stream of single changes does not pay a second `fsync` each; it never blocks the writer or a reader,
/// and copies only what no reader still needs. The writer's own threshold is raised to `fallbackPages`:
/// SQLite starts the log over only when a write begins with every page copied, which a checkpoint that
/// trails the next batch rarely allows, so in a long catch-up the writer's checkpoint at that size is what
/// lets the log start over, and by then the checkpointer has copied most of its pages. The log file can
/// still grow past it while the two checkpoints meet; `logFileBytes` is what it is cut back to.
public final class Checkpointer: Sendable {
    /// The writer's own threshold once a checkpointer runs, in pages: about 16 MiB of log.
    static let fallbackPages = 4_000
    /// The size the log file is cut back to when it starts over.
    static let logFileBytes = 16 << 20
    /// At most one checkpoint in this time; a request inside it is carried out when it ends.
    static let minimumInterval = Duration.milliseconds(200)

    private let connection: DatabaseQueue
    private let thread = DispatchQueue(label: "docket-checkpoint")
    private struct Schedule {
        /// A checkpoint is queued and not yet started: requests meanwhile add nothing.
        var queued = false
        var lastStarted: ContinuousClock.Instant?
    }
    private let schedule = Mutex(Schedule())

    /// Opens the checkpointing connection and raises the replica's writer threshold.
    public init(replica: Replica) throws {
        var configuration = Configuration()
        // A checkpoint followed by a restarted log must have reached the disk, as every commit has.
        configuration.prepareDatabase { try $0.execute(sql: "PRAGMA synchronous = FULL") }
        self.connection = try DatabaseQueue(path: replica.path, configuration: configuration)
        try replica.database.writeWithoutTransaction {
            try $0.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.fallbackPages)")
            try $0.execute(sql: "PRAGMA journal_size_limit = \(Self.logFileBytes)")
        }
    }

    /// Asks for a checkpoint soon, on the checkpointer's thread; returns at once.
    public func request() {
        let delay: Duration? = self.schedule.withLock { schedule in
            guard !schedule.queued else { return nil }
            schedule.queued = true
            guard let last = schedule.lastStarted else { return .zero }
            return max(.zero, Self.minimumInterval - (ContinuousClock.now - last))
        }
        guard let delay else { return }
        let nanoseconds = Int(delay.components.seconds * 1_000_000_000 + delay.components.attoseconds / 1_000_000_000)
        self.thread.asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) {
            self.schedule.withLock { $0 = Schedule(queued: false, lastStarted: .now) }
            _ = try? self.checkpoint()
        }
    }

    /// Runs a passive checkpoint now. A checkpoint that cannot run (the database busy, say) is not an
    /// error here: the next one, or the writer's fallback, catches up.
    /// - Returns: the pages in the log and how many of them are now in the database file.
    @discardableResult
    func checkpoint() throws -> (logPages: Int, copiedPages: Int) {
        try self.connection.inDatabase { db in
            guard let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)") else { return (0, 0) }
            return (row[1], row[2])
        }
    }
}
