import GRDB

/// A row written through one cached `INSERT` whose placeholders are named after its columns.
///
/// `arguments` gives each column's value under the column's name, in the order of the statement's
/// placeholders. The values are bound by position: binding by name looked every name up in a dictionary
/// per row, a measurable share of applying a batch. The names stay beside the values so that they cannot
/// slip out of step unnoticed: debug builds, and so the tests, check them against the statement on every
/// insert. Preferred over GRDB's `PersistableRecord.insert`, which builds its statement per row and made
/// applying batches markedly slower.
protocol InsertableRow {
    /// Built once per type, usually by `makeInsertSQL(into:columns:orReplace:)`.
    static var insertSQL: String { get }
    /// Each column's value under the column's name, in placeholder order.
    func arguments() throws -> ColumnValues
}

extension InsertableRow {
    func insert(into db: Database) throws {
        let columns = try self.arguments()
        assert(
            columns.names == placeholderNames(in: Self.insertSQL),
            "\(Self.self) gives \(columns.names) for \(Self.insertSQL)")
        try db.cachedStatement(sql: Self.insertSQL).execute(arguments: StatementArguments(columns.values))
    }
}

/// Column values in order, each under its column's name.
struct ColumnValues: ExpressibleByDictionaryLiteral {
    private(set) var names: [String] = []
    private(set) var values: [(any DatabaseValueConvertible)?] = []

    init(dictionaryLiteral elements: (String, (any DatabaseValueConvertible)?)...) {
        self.names.reserveCapacity(elements.count)
        self.values.reserveCapacity(elements.count)
        for (name, value) in elements { self.append(name, value) }
    }

    mutating func append(_ name: String, _ value: (any DatabaseValueConvertible)?) {
        self.names.append(name)
        self.values.append(value)
    }
}

/// `INSERT [OR REPLACE] INTO table (a, b) VALUES (:a, :b)`.
func makeInsertSQL(into table: String, columns: [String], orReplace: Bool = false) -> String {
    let names = columns.joined(separator: ", ")
    let placeholders = columns.map { ":\($0)" }.joined(separator: ", ")
    return "INSERT\(orReplace ? " OR REPLACE" : "") INTO \(table) (\(names)) VALUES (\(placeholders))"
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
