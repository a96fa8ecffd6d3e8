import DocketCore
import Foundation
import GRDB

extension Replica {
    /// What a backup holds.
    public struct BackupReport: Equatable, Sendable {
        /// The backup file.
        public let path: String
        /// Exactly the operations in the backup: per origin, every `seq` up to this one.
        public let vector: VersionVector
        /// How many operations the backup's log holds.
        public let operations: Int
        /// The size of the backup file in bytes.
        public let bytes: Int64
    }

    /// Copies the replica into a new database file at `path` with SQLite's online backup API.
    ///
    /// Safe while the daemon and other commands write: the copy is taken inside one read transaction, so
    /// it is the replica as of a single commit (WAL snapshot isolation), however long it takes, and writers
    /// are never blocked. The vector and operation count are read in that same transaction, so they describe
    /// the copy exactly. The copy is checked with `PRAGMA quick_check` before this returns, and gets the
    /// replica file's permissions.
    ///
    /// - Parameters:
    ///   - path: a file that must not exist yet; on failure nothing is left there.
    ///   - pagesPerStep: database pages copied between progress reports.
    ///   - progress: called after each step with the pages copied so far and the total.
    /// - Throws: `InputError` on the field `path` when the file exists or the copy fails its check; GRDB's
    ///   `DatabaseError` when SQLite cannot write it.
    public func backup(
        to path: String,
        pagesPerStep: Int32 = 1024,
        progress: (_ copiedPages: Int, _ totalPages: Int) -> Void = { _, _ in }
    ) throws -> BackupReport {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw InputError(field: "path", "\(path) already exists")
        }
        do {
            return try self.copy(to: path, pagesPerStep: pagesPerStep, progress: progress)
        } catch {
            for suffix in ["", "-journal", "-wal", "-shm"] {
                try? FileManager.default.removeItem(atPath: path + suffix)
            }
            throw error
        }
    }

    private func copy(to path: String, pagesPerStep: Int32, progress: (Int, Int) -> Void) throws -> BackupReport {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // The copy is durable once the backup's final step commits.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let destination = try DatabaseQueue(path: path, configuration: configuration)
        let (vector, operations) = try destination.writeWithoutTransaction { target in
            try self.database.read { source in
                // Reading first starts the snapshot; the backup steps then copy that snapshot, not later commits.
                let vector = try Self.vector(in: source)
                let operations = try Int.fetchOne(source, sql: "SELECT COUNT(*) FROM operation_log") ?? 0
                // GRDB takes the callback as an optional, hence escaping; it is only called during this call.
                try withoutActuallyEscaping(progress) { progress in
                    try source.backup(to: target, pagesPerStep: pagesPerStep) { step in
                        progress(step.totalPageCount - step.remainingPageCount, step.totalPageCount)
                    }
                }
                return (vector, operations)
            }
        }
        // Whoever restores this copy restores a node that may have written more since: it must take those
        // operations back before writing under their dots again (Replica+Recovery).
        try destination.write { try $0.execute(sql: "UPDATE node_state SET recovery_pending = 1") }
        let check = try destination.read { try String.fetchAll($0, sql: "PRAGMA quick_check") }
        try destination.close()
        guard check == ["ok"] else {
            throw InputError(
                field: "path", "the copy at \(path) failed its check: \(check.prefix(3).joined(separator: "; "))")
        }
        // The copy holds the same customer data as the replica, so it is no more readable than the replica.
        if let permissions = try FileManager.default.attributesOfItem(atPath: self.path)[.posixPermissions] {
            try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: path)
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let bytes = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        return BackupReport(path: path, vector: vector, operations: operations, bytes: bytes)
    }
}
