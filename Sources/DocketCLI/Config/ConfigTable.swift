import DocketCore

/// Reads typed settings out of a TOML table, naming the full key in every error and refusing keys
/// nobody asked for, so a misspelt setting stops start-up instead of being ignored.
struct ConfigTable {
    let path: String
    private let values: [String: TOMLDocument.Value]
    private var consumed: Set<String> = []

    init(_ values: [String: TOMLDocument.Value], path: String) {
        self.values = values
        self.path = path
    }

    private func key(_ name: String) -> String { self.path.isEmpty ? name : "\(self.path).\(name)" }

    mutating func string(_ name: String) throws -> String? {
        self.consumed.insert(name)
        switch self.values[name] {
        case nil: return nil
        case .string(let text): return text
        case let other?: throw InputError(field: self.key(name), "must be a string, not \(other.typeName)")
        }
    }

    mutating func integer(_ name: String) throws -> Int64? {
        self.consumed.insert(name)
        switch self.values[name] {
        case nil: return nil
        case .integer(let number): return number
        case let other?: throw InputError(field: self.key(name), "must be an integer, not \(other.typeName)")
        }
    }

    mutating func boolean(_ name: String) throws -> Bool? {
        self.consumed.insert(name)
        switch self.values[name] {
        case nil: return nil
        case .boolean(let flag): return flag
        case let other?: throw InputError(field: self.key(name), "must be true or false, not \(other.typeName)")
        }
    }

    mutating func strings(_ name: String) throws -> [String]? {
        self.consumed.insert(name)
        switch self.values[name] {
        case nil: return nil
        case .array(let items):
            return try items.map {
                guard case .string(let text) = $0 else {
                    throw InputError(field: self.key(name), "must be an array of strings")
                }
                return text
            }
        case let other?: throw InputError(field: self.key(name), "must be an array of strings, not \(other.typeName)")
        }
    }

    /// A duration such as `90s`, `30m`, `24h` or `3d`, in seconds.
    mutating func duration(_ name: String) throws -> Int64? {
        guard let text = try self.string(name) else { return nil }
        return try Duration.seconds(parsing: text, field: self.key(name))
    }

    mutating func table(_ name: String) throws -> ConfigTable? {
        self.consumed.insert(name)
        switch self.values[name] {
        case nil: return nil
        case .table(let values): return ConfigTable(values, path: self.key(name))
        case let other?: throw InputError(field: self.key(name), "must be a table, not \(other.typeName)")
        }
    }

    mutating func tables(_ name: String) throws -> [ConfigTable] {
        self.consumed.insert(name)
        switch self.values[name] {
        case nil: return []
        case .array(let items):
            return try items.enumerated().map { index, item in
                guard case .table(let values) = item else {
                    throw InputError(field: self.key(name), "must be an array of tables ([[\(self.key(name))]])")
                }
                return ConfigTable(values, path: "\(self.key(name))[\(index)]")
            }
        case let other?: throw InputError(field: self.key(name), "must be an array of tables, not \(other.typeName)")
        }
    }

    /// Refuses any key that no reader consumed.
    func rejectUnknownKeys() throws {
        if let unknown = self.values.keys.sorted().first(where: { !self.consumed.contains($0) }) {
            throw InputError(field: self.key(unknown), "is not a known setting")
        }
    }
}
