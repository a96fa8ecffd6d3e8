import GRDB

/// SQLite failures in words a person acts on, without the SQL statement or SQLite's own terse text.
public enum StorageFailure {
    /// What went wrong, when `error` came from SQLite; nil for any other error.
    public static func describe(_ error: any Error) -> String? {
        guard let error = error as? DatabaseError else { return nil }
        switch error.resultCode {
        case .SQLITE_FULL: return "the disk is full"
        case .SQLITE_READONLY:
            return "the replica file or its data directory is read-only (check their owner and permissions)"
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
            return "cannot open the replica's files: check that the data directory exists and is writable by this user"
        case .SQLITE_IOERR: return "the disk reported an input/output error"
        case .SQLITE_BUSY, .SQLITE_LOCKED: return "the replica stayed busy with another writer; try again"
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return "the replica file is damaged or not a replica ('docket doctor' says how to recover)"
        default: return "SQLite error \(error.resultCode.rawValue): \(error.message ?? "unknown")"
        }
    }
}
