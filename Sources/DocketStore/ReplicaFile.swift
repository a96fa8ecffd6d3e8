import Foundation
import GRDB

/// What is at a replica's path before SQLite is let near it, so that an empty or foreign file is named
/// for what it is instead of being mistaken for a missing or a fresh replica.
enum ReplicaFile {
    /// SQLite's file header: every database file starts with these 16 bytes.
    static let header = Array("SQLite format 3\0".utf8)

    /// - Throws: `StoreError.unusable` when something is at `path` that cannot be a replica.
    static func check(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError.unusable(path: path, problem: "cannot be read (check its owner and permissions)")
        }
        defer { try? handle.close() }
        let start = (try? handle.read(upToCount: Self.header.count)) ?? Data()
        if start.isEmpty {
            throw StoreError.unusable(path: path, problem: "is empty (0 bytes), not a replica")
        }
        if Array(start) != Self.header {
            throw StoreError.unusable(path: path, problem: "is not an SQLite database")
        }
    }

    /// Runs `body`, naming a database SQLite finds damaged as such rather than passing its raw error on.
    static func reading<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode) {
            throw StoreError.unusable(path: path, problem: "is damaged (\(error.message ?? "\(error.resultCode)"))")
        }
    }
}
