import DocketStore
import Foundation

/// Writes to a replica file continuously from a thread of its own, through its own connection, the way
/// `docket serve` or staff in another process would — for tests of what happens while writes flow.
public final class BackgroundWriter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private var stopping = false
    private var error: String?
    private var finished = false
    private let path: String
    private let step: @Sendable (Replica, Int) throws -> Void

    /// - Parameter step: one write; called with the replica and how many writes came before.
    public init(path: String, step: @escaping @Sendable (Replica, Int) throws -> Void) {
        self.path = path
        self.step = step
    }

    /// Writes committed so far.
    public var committed: Int { self.lock.withLock { self.count } }
    /// The error that stopped the writer early, if any.
    public var failure: String? { self.lock.withLock { self.error } }

    public func start() {
        Thread { self.run() }.start()
    }

    public func stop() { self.lock.withLock { self.stopping = true } }

    /// Stops and waits until the last write has finished.
    public func stopAndWait() {
        self.stop()
        while !self.lock.withLock({ self.finished }) { Thread.sleep(forTimeInterval: 0.005) }
    }

    /// Waits until `more` further writes have committed (or the writer failed).
    public func waitFor(_ more: Int) {
        let target = self.committed + more
        while self.committed < target && self.failure == nil { Thread.sleep(forTimeInterval: 0.005) }
    }

    private func run() {
        defer { self.lock.withLock { self.finished = true } }
        do {
            let replica = try Replica.open(at: self.path)
            while !self.lock.withLock({ self.stopping }) {
                try self.step(replica, self.committed)
                self.lock.withLock { self.count += 1 }
            }
        } catch {
            self.lock.withLock { self.error = "\(error)" }
        }
    }
}
