import Foundation
import GRDB

/// The yardstick for catch-up: the same log rows inserted into a fresh SQLite database with the replica's
/// pragmas (WAL, `synchronous = FULL`), one transaction per batch, with no merge, projection or network.
struct PlainInsert {
    var rows: Int
    var seconds: Double
    var rowsPerSecond: Double { Double(self.rows) / self.seconds }

    /// Copies the log (`operation_log`) from the replica at `source` into a new database at `scratch`, timed.
    static func measure(source: String, scratch: String, batch: Int) throws -> PlainInsert {
        let reader = try DatabaseQueue(path: source)
        let (schema, rows) = try reader.read { db in
            (
                try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'operation_log'")!,
                try Row.fetchAll(db, sql: "SELECT * FROM operation_log ORDER BY origin, seq")
            )
        }
        try? FileManager.default.removeItem(atPath: scratch)
        let target = try DatabasePool(path: scratch)
        // As the replica does: after the pool is open, since turning WAL on sets NORMAL.
        try target.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
        try target.write { try $0.execute(sql: schema) }
        let columns: [String] = rows.first.map { Array($0.columnNames) } ?? []
        let insert = "INSERT INTO operation_log (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"
        let clock = ContinuousClock()
        let started = clock.now
        for start in stride(from: 0, to: rows.count, by: batch) {
            try target.write { db in
                let statement = try db.cachedStatement(sql: insert)
                for row in rows[start..<min(rows.count, start + batch)] {
                    try statement.execute(arguments: StatementArguments(columns.map { row[$0] as DatabaseValue }))
                }
            }
        }
        let seconds = (clock.now - started).seconds
        try target.close()
        return PlainInsert(rows: rows.count, seconds: seconds)
    }
}
