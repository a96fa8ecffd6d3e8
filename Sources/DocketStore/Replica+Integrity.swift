import GRDB

extension Replica {
    /// SQLite's `PRAGMA integrity_check`: `["ok"]` for a sound database, otherwise the problems found.
    /// - Throws: `StoreError.unusable` when the file is too damaged to be checked at all.
    public func integrityCheck() throws -> [String] {
        try ReplicaFile.reading(self.path) {
            try self.database.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
        }
    }
}
