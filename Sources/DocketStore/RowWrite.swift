import Foundation
import GRDB
import GRDBSQLite

/// A write of one row through one cached statement whose placeholders are named after its columns: an
/// `INSERT`, or an `UPDATE` or `DELETE` of the rows its values select.
///
/// `bind(to:)` gives each column's value under the column's name, in the order of the statement's
/// placeholders, and the values go straight onto the SQLite statement by position. Going through GRDB's
/// `StatementArguments` (each value boxed, converted to a `DatabaseValue` and bound in nested closures,
/// with the statement's bookkeeping around each step) was a quarter of the writer's time in a catch-up,
/// more than SQLite's own work for the same rows. The names stay beside the values so that they cannot
/// slip out of step unnoticed: debug builds, and so the tests, check them against the statement on every
/// write.
protocol RowWrite {
    /// Built once per type, often by `makeInsertSQL(into:columns:orReplace:)` or `makeUpsertSQL`.
    static var sql: String { get }
    /// The statement for this row: `Self.sql`, unless the type picks among several built once.
    var sql: String { get }
    /// Binds each column's value under the column's name, in placeholder order.
    func bind(to row: inout RowBinding) throws
}

extension RowWrite {
    var sql: String { Self.sql }

    /// Runs the statement for this row. Only inside a transaction: every write here is one, and a
    /// statement stepped outside one would commit on its own (as after SQLite has rolled back a failed
    /// transaction).
    func write(into db: Database) throws {
        let sql = self.sql
        let statement = try db.cachedStatement(sql: sql)
        // The statement's handle is used raw: the statement must outlive that use.
        try withExtendedLifetime(statement) {
            var row = RowBinding(statement.sqliteStatement)
            try self.bind(to: &row)
            assert(row.names == placeholderNames(in: sql), "\(Self.self) gives \(row.names) for \(sql)")
            try row.step(in: db, sql: sql)
        }
    }
}

/// A lookup of one row by values bound as a `RowWrite` binds them, its columns read straight from SQLite's
/// statement: for the reads a transaction makes once per record it touches, where GRDB's `Row` copied
/// every value before it was read.
protocol RowLookup {
    associatedtype Found
    static var sql: String { get }
    /// Binds each placeholder's value under its name, in placeholder order.
    func bind(to row: inout RowBinding)
    /// What the first row found says.
    func read(_ row: FoundRow) throws -> Found
}

extension RowLookup {
    /// What the first row the query finds says, or nil when it finds none.
    func first(in db: Database) throws -> Found? {
        let statement = try db.cachedStatement(sql: Self.sql)
        return try withExtendedLifetime(statement) {
            var row = RowBinding(statement.sqliteStatement)
            self.bind(to: &row)
            assert(row.names == placeholderNames(in: Self.sql), "\(Self.self) gives \(row.names) for \(Self.sql)")
            return try row.first(in: db, sql: Self.sql) { try self.read(FoundRow(statement: $0)) }
        }
    }
}

/// The columns of a row a `RowLookup` found, valid while it reads them.
struct FoundRow {
    fileprivate let statement: SQLiteStatement

    func int64(at column: Int32) -> Int64 {
        sqlite3_column_int64(self.statement, column)
    }

    /// A blob's bytes, copied out of SQLite's buffer.
    func bytes(at column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(self.statement, column))
        guard count > 0, let start = sqlite3_column_blob(self.statement, column) else { return [] }
        return [UInt8](UnsafeRawBufferPointer(start: start, count: count))
    }
}

/// One row's values bound onto a prepared statement, by position. Text and blobs are copied by SQLite
/// (`SQLITE_TRANSIENT`), so nothing bound has to outlive the call that binds it.
struct RowBinding {
    private let statement: SQLiteStatement
    private var position: Int32 = 0
    private var failure: Int32 = SQLITE_OK
    /// SQLite's message for `failure`, read when it happened: a later bind that succeeds clears it.
    private var failureMessage: String?
    #if DEBUG
    private(set) var names: [String] = []
    #else
    var names: [String] { [] }
    #endif

    fileprivate init(_ statement: SQLiteStatement) {
        self.statement = statement
    }

    mutating func bind(_ name: String, _ value: String) {
        self.next(name)
        var text = value
        self.note(text.withUTF8 { bytes in
            // An empty string has no storage to point at, and a null pointer would bind NULL.
            guard let start = bytes.baseAddress else {
                return sqlite3_bind_text(self.statement, self.position, "", 0, sqliteTransient)
            }
            return sqlite3_bind_text64(
                self.statement, self.position, start, UInt64(bytes.count), sqliteTransient, UInt8(SQLITE_UTF8))
        })
    }

    mutating func bind(_ name: String, _ value: String?) {
        guard let value else { return self.bindNull(name) }
        self.bind(name, value)
    }

    mutating func bind(_ name: String, _ value: Int64) {
        self.next(name)
        self.note(sqlite3_bind_int64(self.statement, self.position, value))
    }

    mutating func bind(_ name: String, _ value: Int64?) {
        guard let value else { return self.bindNull(name) }
        self.bind(name, value)
    }

    mutating func bind(_ name: String, _ value: Bool) {
        self.bind(name, Int64(value ? 1 : 0))
    }

    mutating func bind(_ name: String, blob value: some ContiguousBytes) {
        self.next(name)
        self.note(value.withUnsafeBytes { bytes in
            // As for text: an empty blob is bound as one, not as NULL.
            guard let start = bytes.baseAddress, !bytes.isEmpty else {
                return sqlite3_bind_zeroblob(self.statement, self.position, 0)
            }
            return sqlite3_bind_blob64(self.statement, self.position, start, UInt64(bytes.count), sqliteTransient)
        })
    }

    private mutating func bindNull(_ name: String) {
        self.next(name)
        self.note(sqlite3_bind_null(self.statement, self.position))
    }

    private mutating func next(_ name: String) {
        self.position += 1
        #if DEBUG
        self.names.append(name)
        #endif
    }

    private mutating func note(_ code: Int32) {
        guard code != SQLITE_OK, self.failure == SQLITE_OK else { return }
        self.failure = code
        self.failureMessage = sqlite3_db_handle(self.statement).map { String(cString: sqlite3_errmsg($0)) }
    }

    /// Runs the statement once and resets it for the next row, throwing as GRDB would on failure.
    fileprivate func step(in db: Database, sql: String) throws {
        guard sqlite3_get_autocommit(db.sqliteConnection) == 0 else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "a row is written outside a transaction", sql: sql)
        }
        _ = try self.first(in: db, sql: sql) { _ in
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "a write returned a row", sql: sql)
        }
    }

    /// Runs the statement, reads its first row with `read` (nil when it has none) and resets it.
    fileprivate func first<T>(in db: Database, sql: String, read: (SQLiteStatement) throws -> T) throws -> T? {
        defer { sqlite3_reset(self.statement) }
        var code = self.failure
        if code == SQLITE_OK {
            assert(self.position == sqlite3_bind_parameter_count(self.statement), "\(sql) bound \(self.position)")
            code = sqlite3_step(self.statement)
        }
        switch code {
        case SQLITE_DONE: return nil
        case SQLITE_ROW: return try read(self.statement)
        default:
            // The message is read before the reset (deferred) can replace it.
            let message = self.failureMessage ?? db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
        }
    }
}

/// SQLite's `SQLITE_TRANSIENT`, a macro Swift does not import: SQLite copies the bytes before returning.
private let sqliteTransient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

/// `INSERT [OR REPLACE] INTO table (a, b) VALUES (:a, :b)`.
func makeInsertSQL(into table: String, columns: [String], orReplace: Bool = false) -> String {
    let names = columns.joined(separator: ", ")
    let placeholders = columns.map { ":\($0)" }.joined(separator: ", ")
    return "INSERT\(orReplace ? " OR REPLACE" : "") INTO \(table) (\(names)) VALUES (\(placeholders))"
}

/// `INSERT INTO table (id, a, b) VALUES (:id, :a, :b) ON CONFLICT (id) DO UPDATE SET a = excluded.a, …`:
/// the row is updated in place, where `INSERT OR REPLACE` deletes it and inserts it again, rewriting
/// every index entry. The first column is the key; `leaving` names columns the update does not write.
func makeUpsertSQL(into table: String, columns: [String], leaving: [String] = []) -> String {
    let key = columns[0]
    let updated = columns.dropFirst().filter { !leaving.contains($0) }.map { "\($0) = excluded.\($0)" }
    return makeInsertSQL(into: table, columns: columns)
        + " ON CONFLICT (\(key)) DO UPDATE SET \(updated.joined(separator: ", "))"
}

/// The names of `sql`'s `:name` placeholders in order of first appearance, the order SQLite numbers them.
func placeholderNames(in sql: String) -> [String] {
    var names: [String] = []
    var rest = Substring(sql)
    while let colon = rest.firstIndex(of: ":") {
        let name = rest[rest.index(after: colon)...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        if !name.isEmpty && !names.contains(String(name)) { names.append(String(name)) }
        rest = rest[rest.index(after: colon)...]
    }
    return names
}
