import GRDB

/// A row written through one cached `INSERT` whose placeholders are named after its columns.
///
/// `arguments` gives each column's value under the column's name, so columns and values cannot slip out of
/// step as a positional list can, and a column left without a value fails the statement. Preferred over
/// GRDB's `PersistableRecord.insert`, which builds its statement per row and made applying batches markedly
/// slower.
protocol InsertableRow {
    /// Built once per type by `makeInsertSQL(into:columns:orReplace:)`.
    static var insertSQL: String { get }
    /// Each column's value, keyed by the column's name.
    func arguments() throws -> [String: (any DatabaseValueConvertible)?]
}

extension InsertableRow {
    func insert(into db: Database) throws {
        try db.cachedStatement(sql: Self.insertSQL).execute(arguments: StatementArguments(try self.arguments()))
    }
}

/// `INSERT [OR REPLACE] INTO table (a, b) VALUES (:a, :b)`.
func makeInsertSQL(into table: String, columns: [String], orReplace: Bool = false) -> String {
    let names = columns.joined(separator: ", ")
    let placeholders = columns.map { ":\($0)" }.joined(separator: ", ")
    return "INSERT\(orReplace ? " OR REPLACE" : "") INTO \(table) (\(names)) VALUES (\(placeholders))"
}
