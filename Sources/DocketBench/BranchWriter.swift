import DocketStore
import Foundation

/// One branch's clerks: writes case operations into the branch's replica at a steady rate on its own
/// thread, while the branch's daemon runs on the same file, and remembers when each operation committed.
///
/// The commit times turn headquarters' vector into a lag in seconds: a branch is as far behind as the
/// oldest of its operations headquarters does not have yet.
final class BranchWriter: @unchecked Sendable {
    let id: String
    private let generator: CaseStoryGenerator
    private let lock = NSLock()
    /// `committed[i]` is when the branch's operation with sequence number `i + 1` committed.
    private var committed: [ContinuousClock.Instant] = []
    private var done = DispatchSemaphore(value: 0)
    private var failure: Error?
    /// The shortest pause between transactions: at high rates a transaction carries several operations,
    /// as a busy office's would, instead of one fsync per operation.
    static let minimumPause = 0.02

    init(id: String, replica: Replica) {
        self.id = id
        self.generator = CaseStoryGenerator(replica: replica)
    }

    /// Operations committed so far; each is the branch's own, so this is also its highest sequence number.
    var written: Int {
        self.lock.withLock { self.committed.count }
    }

    /// Starts writing `rate` operations a second for `seconds`, from `start`; `phase` (0..<1) offsets
    /// this branch's writes so the branches do not all commit at the same instant.
    func start(rate: Double, seconds: Double, from start: ContinuousClock.Instant, phase: Double) {
        self.done = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in
            do {
                try self.write(rate: rate, seconds: seconds, from: start, phase: phase)
            } catch {
                self.lock.withLock { self.failure = error }
            }
            self.done.signal()
        }
        thread.start()
    }

    /// Waits for the current step's writing to end, and reports a failed write.
    func finish() throws {
        self.done.wait()
        if let failure = self.lock.withLock({ self.failure }) { throw failure }
    }

    private func write(rate: Double, seconds: Double, from start: ContinuousClock.Instant, phase: Double) throws {
        let clock = ContinuousClock()
        let base = self.written
        while true {
            let elapsed = (clock.now - start).seconds
            guard elapsed < seconds else { return }
            let due = base + Int(elapsed * rate + phase)
            let count = due - self.generator.written
            if count > 0 {
                try self.generator.write(count, perTransaction: count)
                let now = clock.now
                self.lock.withLock { self.committed.append(contentsOf: repeatElement(now, count: count)) }
            }
            // Sleep until the next operation is due, but not less than the minimum pause.
            let next = (Double(due - base + 1) - phase) / rate
            Thread.sleep(forTimeInterval: max(next - (clock.now - start).seconds, Self.minimumPause))
        }
    }

    /// How long the oldest operation headquarters lacks has been committed, in seconds; 0 when it has all.
    func lag(headquartersHas seq: Int64, at now: ContinuousClock.Instant) -> Double {
        self.lock.withLock {
            guard Int(seq) < self.committed.count else { return 0 }
            return (now - self.committed[max(Int(seq), 0)]).seconds
        }
    }
}
