import Foundation
import GRDB
import Synchronization

/// Copies committed pages from the write-ahead log into the database file on a connection and a thread of
/// its own, so that the daemon's writer does not.
///
/// SQLite checkpoints at the end of the commit that grows the log past 1,000 pages, on the committing
/// connection. While a replica catches up that was nearly every batch: the writer copied each page a second
/// time and waited for a second `fsync` before it could start on the next batch. With a checkpointer, a
/// passive checkpoint runs after the commits the daemon notices (see below for when); it never blocks the
/// writer or a reader, and copies only what no reader still needs. The writer's own
/// threshold is raised to `fallbackPages`: SQLite starts the log over only when a write begins with every
/// page copied, which a checkpoint that trails the next batch rarely allows, so in a long catch-up the
/// writer's checkpoint at that size is what lets the log start over, and by then the checkpointer has
/// copied most of its pages. The log file can still grow past it while the two checkpoints meet;
/// `logFileBytes` is what it is cut back to.
///
/// A checkpoint runs soon (at most one per `minimumInterval`) only once `operationsBeforeCheckpoint`
/// operations were committed since the last one copied everything; fewer wait up to `longestWait`. The first commit after a checkpoint that copied everything starts
/// the log over, and under `synchronous = FULL` that commit syncs the log's new header before its pages: a
/// second `fsync`. Checkpointing after every lone change made each change pay that twice on its way to a
/// peer (the signing commit here, the applying commit there), and each checkpoint synced the log and the
/// database file besides. Left in the log, lone changes append to it. Operations stand in for pages
/// (a lone change writes about ten): the log's own count sits in its shared-memory index, and reading
/// that file from outside SQLite would drop SQLite's locks on it, which are per process.
public final class Checkpointer: Sendable {
    /// The writer's own threshold once a checkpointer runs, in pages: about 16 MiB of log.
    static let fallbackPages = 4_000
    /// The size the log file is cut back to when it starts over.
    static let logFileBytes = 16 << 20
    /// At most one checkpoint in this time; one due sooner runs when it ends.
    static let minimumInterval = Duration.milliseconds(200)
    /// Operations committed since the last checkpoint that make the next one run soon: about 1,000 pages
    /// of lone changes, SQLite's own threshold; a catch-up's commits pass it each time.
    static let operationsBeforeCheckpoint: UInt64 = 100
    /// The longest fewer operations wait in the log before they are copied.
    public static let longestWait = Duration.seconds(600)

    private let connection: DatabaseQueue
    private let longestWait: Duration
    private let thread = DispatchQueue(label: "docket-checkpoint")
    /// Fires when the queued checkpoint is due: one timer, moved earlier by a request that wants it sooner.
    /// Dispatch sources may be rescheduled from any thread.
    private nonisolated(unsafe) let timer: any DispatchSourceTimer
    private struct Schedule {
        /// When the checkpoint queued runs; nil when none is. A request that wants one sooner moves it.
        var due: ContinuousClock.Instant?
        var lastStarted: ContinuousClock.Instant?
        /// Operations committed and not yet known to be copied, and when the first of them was.
        var waiting: UInt64 = 0
        var waitingSince: ContinuousClock.Instant?
    }
    private let schedule = Mutex(Schedule())

    /// Opens the checkpointing connection and raises the replica's writer threshold.
    /// - Parameter longestWait: how long fewer than `operationsBeforeCheckpoint` operations may wait.
    public init(replica: Replica, longestWait: Duration = Checkpointer.longestWait) throws {
        // Bounded, so that no instant computed from it can overflow.
        self.longestWait = min(max(longestWait, .zero), .seconds(86_400))
        self.timer = DispatchSource.makeTimerSource(queue: self.thread)
        var configuration = Configuration()
        // A checkpoint followed by a restarted log must have reached the disk, as every commit has.
        configuration.prepareDatabase { try $0.execute(sql: "PRAGMA synchronous = FULL") }
        self.connection = try DatabaseQueue(path: replica.path, configuration: configuration)
        try replica.database.writeWithoutTransaction {
            try $0.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.fallbackPages)")
            try $0.execute(sql: "PRAGMA journal_size_limit = \(Self.logFileBytes)")
        }
        self.timer.setEventHandler { [weak self] in self?.fire() }
        self.timer.activate()
    }

    deinit {
        self.timer.cancel()
    }

    /// Notes a commit of `operations` operations (0 for one that wrote other rows) and asks for a
    /// checkpoint: soon once enough have waited, else when the first of them has waited `longestWait`.
    /// Returns at once; the checkpoint runs on the checkpointer's thread.
    public func request(operations: UInt64) {
        let now = ContinuousClock.now
        self.schedule.withLock { schedule in
            let (sum, overflow) = schedule.waiting.addingReportingOverflow(operations)
            schedule.waiting = overflow ? .max : sum
            let since = schedule.waitingSince ?? now
            schedule.waitingSince = since
            let soonest = schedule.lastStarted.map { max(now, $0 + Self.minimumInterval) } ?? now
            let wanted =
                schedule.waiting >= Self.operationsBeforeCheckpoint ? soonest : max(soonest, since + self.longestWait)
            self.queue(wanted, now: now, in: &schedule)
        }
    }

    /// Moves the queued checkpoint to `due` unless one is queued sooner. Under the schedule's lock, so the
    /// timer is set in the order the times were worked out.
    private func queue(_ due: ContinuousClock.Instant, now: ContinuousClock.Instant, in schedule: inout Schedule) {
        if let queued = schedule.due, queued <= due { return }
        schedule.due = due
        let delay = min(max(.zero, due - now), .seconds(86_400))
        let nanoseconds = Int(delay.components.seconds) * 1_000_000_000 + Int(delay.components.attoseconds / 1_000_000_000)
        self.timer.schedule(deadline: .now() + .nanoseconds(nanoseconds))
    }

    private func fire() {
        let counted: UInt64? = self.schedule.withLock { schedule in
            guard let due = schedule.due else { return nil }
            let now = ContinuousClock.now
            if due > now + .milliseconds(5) {
                // Fired ahead of the clock the time was worked out with: wait out the rest.
                schedule.due = nil
                self.queue(due, now: now, in: &schedule)
                return nil
            }
            schedule.due = nil
            schedule.lastStarted = now
            return schedule.waiting
        }
        guard let counted else { return }
        let result = try? self.checkpoint()
        self.schedule.withLock { schedule in
            if let result, result.copiedPages >= result.logPages {
                // Operations committed while it ran are still to be copied.
                schedule.waiting -= min(schedule.waiting, counted)
                if schedule.waiting == 0 { schedule.waitingSince = nil }
            } else {
                // A reader still needed some pages, or the checkpoint could not run: the next commit asks
                // again soon, as it did before, and without one it is tried again after the longest wait.
                schedule.waiting = max(schedule.waiting, Self.operationsBeforeCheckpoint)
                let now = ContinuousClock.now
                self.queue(now + self.longestWait, now: now, in: &schedule)
            }
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
