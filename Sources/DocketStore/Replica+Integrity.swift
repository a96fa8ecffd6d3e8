import GRDB

extension Replica {
    /// SQLite's `PRAGMA integrity_check`: `["ok"]` for a sound database, otherwise the problems found.
    public func integrityCheck() throws -> [String] {
        try self.pool.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
    }
}
