import Foundation
import GRDB

/// Reads a running daemon's replica file without writing to it: the version vector, and SQLite's
/// `data_version` so a tight polling loop can skip the table read when nothing was committed.
///
/// The daemon's own tables are the truth of "visible at the peer": an operation counts once a reader
/// of the replica can see it, which is after the daemon's transaction is durable.
final class ReplicaProbe {
    private let queue: DatabaseQueue
    private var lastDataVersion: Int64 = -1
    private var lastVector: [String: Int64] = [:]

    private init(queue: DatabaseQueue) {
        self.queue = queue
    }

    /// Opens `path` read-only once the daemon has created it and its schema; `nil` until then.
    static func open(_ path: String) -> ReplicaProbe? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        guard let queue = try? DatabaseQueue(path: path, configuration: configuration),
            (try? queue.read({ try $0.tableExists("version_vector") })) == true
        else { return nil }
        return ReplicaProbe(queue: queue)
    }

    /// Waits until the replica at `path` exists and has its schema.
    static func waitForReplica(at path: String, timeout: TimeInterval = 120) throws -> ReplicaProbe {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let probe = Self.open(path) { return probe }
            Thread.sleep(forTimeInterval: 0.002)
        }
        throw BenchError("no replica appeared at \(path)")
    }

    /// The version vector by origin; re-read only when something was committed since the last call.
    func vector() throws -> [String: Int64] {
        try self.queue.inDatabase { db in
            let version = try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0
            if version != self.lastDataVersion {
                self.lastDataVersion = version
                var vector: [String: Int64] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT origin, seq FROM version_vector") {
                    vector[row["origin"]] = row["seq"]
                }
                self.lastVector = vector
            }
            return self.lastVector
        }
    }

    /// Polls until the vector satisfies `condition`, sleeping `interval` between reads.
    func wait(
        timeout: TimeInterval,
        interval: TimeInterval,
        until condition: ([String: Int64]) -> Bool
    ) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(try self.vector()) { return }
            Thread.sleep(forTimeInterval: interval)
        }
        throw BenchError("timed out after \(Int(timeout)) s; the vector is \(try self.vector())")
    }
}
