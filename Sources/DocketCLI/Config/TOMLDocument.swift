/// A parsed TOML document: the subset Docket's config uses.
///
/// Supported: comments, `[table]` and `[dotted.table]` headers, `[[array.of.tables]]`, bare or quoted keys,
/// basic and literal strings, integers, booleans, and arrays of those (also across lines). Anything else
/// is refused with the line number, so a typo never passes silently.
struct TOMLDocument {
    indirect enum Value: Equatable {
        case string(String)
        case integer(Int64)
        case boolean(Bool)
        case array([Value])
        case table([String: Value])

        var typeName: String {
            switch self {
            case .string: "a string"
            case .integer: "an integer"
            case .boolean: "a boolean"
            case .array: "an array"
            case .table: "a table"
            }
        }
    }

    struct ParseError: Error, CustomStringConvertible {
        let line: Int
        let message: String
        var description: String { "line \(self.line): \(self.message)" }
    }

    let root: [String: Value]

    init(parsing text: String) throws {
        var parser = Parser(text: text)
        self.root = try parser.parseDocument()
    }
}

extension TOMLDocument {
    fileprivate struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0
        var line = 1

        init(text: String) {
            self.scalars = Array(text.unicodeScalars)
        }

        mutating func parseDocument() throws -> [String: Value] {
            var root: [String: Value] = [:]
            var currentPath: [String] = []
            // A list, not a set: a config names a handful of tables, and the first set of key paths in a
            // process looked up its element's conformances, 1% of a `docket case set` (`docs/benchmarks.md`,
            // "Fifteenth round").
            var definedTables: [[String]] = []
            while true {
                self.skipBlankAndComments()
                guard let scalar = self.peek() else { break }
                if scalar == "[" {
                    self.index += 1
                    let isArray = self.peek() == "["
                    if isArray { self.index += 1 }
                    self.skipSpaces()
                    let path = try self.parseKeyPath()
                    self.skipSpaces()
                    try self.expect("]")
                    if isArray { try self.expect("]") }
                    try self.endOfLine()
                    if isArray {
                        try Self.appendTable(at: path, in: &root, line: self.line)
                    } else {
                        guard !definedTables.contains(path) else {
                            throw ParseError(line: self.line, message: "table [\(path.joined(separator: "."))] is defined twice")
                        }
                        definedTables.append(path)
                        try Self.ensureTable(at: path, in: &root, line: self.line)
                    }
                    currentPath = path
                } else {
                    let keyPath = try self.parseKeyPath()
                    self.skipSpaces()
                    try self.expect("=")
                    self.skipSpaces()
                    let value = try self.parseValue()
                    try self.endOfLine()
                    try Self.insert(value, at: currentPath + keyPath, in: &root, line: self.line)
                }
            }
            return root
        }

        // MARK: Tables

        private static func ensureTable(at path: [String], in table: inout [String: Value], line: Int) throws {
            guard let head = path.first else { return }
            var child: [String: Value]
            switch table[head] {
            case nil: child = [:]
            case .table(let existing): child = existing
            case .array(var items):
                guard case .table(var last)? = items.last else {
                    throw ParseError(line: line, message: "'\(head)' is not a table")
                }
                try Self.ensureTable(at: Array(path.dropFirst()), in: &last, line: line)
                items[items.count - 1] = .table(last)
                table[head] = .array(items)
                return
            default: throw ParseError(line: line, message: "'\(head)' is already a value, not a table")
            }
            try Self.ensureTable(at: Array(path.dropFirst()), in: &child, line: line)
            table[head] = .table(child)
        }

        private static func appendTable(at path: [String], in table: inout [String: Value], line: Int) throws {
            let head = path[0]
            if path.count == 1 {
                switch table[head] {
                case nil: table[head] = .array([.table([:])])
                case .array(let items): table[head] = .array(items + [.table([:])])
                default: throw ParseError(line: line, message: "'\(head)' is not an array of tables")
                }
                return
            }
            var child: [String: Value]
            switch table[head] {
            case nil: child = [:]
            case .table(let existing): child = existing
            default: throw ParseError(line: line, message: "'\(head)' is not a table")
            }
            try Self.appendTable(at: Array(path.dropFirst()), in: &child, line: line)
            table[head] = .table(child)
        }

        private static func insert(_ value: Value, at path: [String], in table: inout [String: Value], line: Int) throws {
            let head = path[0]
            if path.count == 1 {
                guard table[head] == nil else {
                    throw ParseError(line: line, message: "key '\(head)' is defined twice")
                }
                table[head] = value
                return
            }
            switch table[head] {
            case nil:
                var child: [String: Value] = [:]
                try Self.insert(value, at: Array(path.dropFirst()), in: &child, line: line)
                table[head] = .table(child)
            case .table(var child):
                try Self.insert(value, at: Array(path.dropFirst()), in: &child, line: line)
                table[head] = .table(child)
            case .array(var items):
                guard case .table(var last)? = items.last else {
                    throw ParseError(line: line, message: "'\(head)' is not a table")
                }
                try Self.insert(value, at: Array(path.dropFirst()), in: &last, line: line)
                items[items.count - 1] = .table(last)
                table[head] = .array(items)
            default:
                throw ParseError(line: line, message: "'\(head)' is already a value, not a table")
            }
        }

        // MARK: Lexing

        private func peek() -> Unicode.Scalar? { self.index < self.scalars.count ? self.scalars[self.index] : nil }

        private mutating func skipSpaces() {
            while let scalar = self.peek(), scalar == " " || scalar == "\t" { self.index += 1 }
        }

        private mutating func skipComment() {
            if self.peek() == "#" {
                while let scalar = self.peek(), scalar != "\n" { self.index += 1 }
            }
        }

        private mutating func skipBlankAndComments() {
            while true {
                self.skipSpaces()
                self.skipComment()
                if self.peek() == "\r" { self.index += 1 }
                guard self.peek() == "\n" else { return }
                self.index += 1
                self.line += 1
            }
        }

        private mutating func endOfLine() throws {
            self.skipSpaces()
            self.skipComment()
            if self.peek() == "\r" { self.index += 1 }
            guard let scalar = self.peek() else { return }
            guard scalar == "\n" else { throw ParseError(line: self.line, message: "unexpected '\(scalar)' after a value") }
        }

        private mutating func expect(_ scalar: Unicode.Scalar) throws {
            guard self.peek() == scalar else {
                throw ParseError(line: self.line, message: "expected '\(scalar)'")
            }
            self.index += 1
        }

        private mutating func parseKeyPath() throws -> [String] {
            var path = [try self.parseKey()]
            self.skipSpaces()
            while self.peek() == "." {
                self.index += 1
                self.skipSpaces()
                path.append(try self.parseKey())
                self.skipSpaces()
            }
            return path
        }

        private mutating func parseKey() throws -> String {
            if self.peek() == "\"" || self.peek() == "'" {
                return try self.parseString()
            }
            var key = ""
            while let scalar = self.peek(),
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || scalar == "_" || scalar == "-"
            {
                key.unicodeScalars.append(scalar)
                self.index += 1
            }
            guard !key.isEmpty else { throw ParseError(line: self.line, message: "expected a key") }
            return key
        }

        private mutating func parseValue() throws -> Value {
            guard let scalar = self.peek() else { throw ParseError(line: self.line, message: "expected a value") }
            switch scalar {
            case "\"", "'":
                return .string(try self.parseString())
            case "[":
                return try self.parseArray()
            case "t", "f":
                var word = ""
                while let next = self.peek(), ("a"..."z").contains(next) {
                    word.unicodeScalars.append(next)
                    self.index += 1
                }
                switch word {
                case "true": return .boolean(true)
                case "false": return .boolean(false)
                default: throw ParseError(line: self.line, message: "'\(word)' is not a value (strings need quotes)")
                }
            default:
                var literal = ""
                while let next = self.peek(), ("0"..."9").contains(next) || next == "-" || next == "+" || next == "_" {
                    if next != "_" { literal.unicodeScalars.append(next) }
                    self.index += 1
                }
                guard let number = Int64(literal) else {
                    let digits = literal.drop(while: { $0 == "-" || $0 == "+" })
                    if !digits.isEmpty, digits.allSatisfy(\.isNumber), literal.count - digits.count <= 1 {
                        throw ParseError(line: self.line, message: "\(literal) is out of range (integers go up to \(Int64.max))")
                    }
                    throw ParseError(line: self.line, message: "expected a value (strings need quotes)")
                }
                return .integer(number)
            }
        }

        private mutating func parseArray() throws -> Value {
            try self.expect("[")
            var items: [Value] = []
            while true {
                self.skipBlankAndComments()
                if self.peek() == "]" {
                    self.index += 1
                    return .array(items)
                }
                items.append(try self.parseValue())
                self.skipBlankAndComments()
                if self.peek() == "," {
                    self.index += 1
                } else {
                    self.skipBlankAndComments()
                    try self.expect("]")
                    return .array(items)
                }
            }
        }

        private mutating func parseString() throws -> String {
            let quote = self.peek()!
            self.index += 1
            var result = ""
            while let scalar = self.peek() {
                self.index += 1
                if scalar == quote { return result }
                if scalar == "\n" { break }
                if scalar == "\\" && quote == "\"" {
                    guard let escaped = self.peek() else { break }
                    self.index += 1
                    switch escaped {
                    case "n": result += "\n"
                    case "t": result += "\t"
                    case "\\": result += "\\"
                    case "\"": result += "\""
                    case "u", "U":
                        let length = escaped == "u" ? 4 : 8
                        let end = min(self.index + length, self.scalars.count)
                        var hex = ""
                        hex.unicodeScalars.append(contentsOf: self.scalars[self.index..<end])
                        guard hex.count == length, let code = UInt32(hex, radix: 16), let decoded = Unicode.Scalar(code)
                        else { throw ParseError(line: self.line, message: "bad \\\(escaped) escape") }
                        result.unicodeScalars.append(decoded)
                        self.index = end
                    default:
                        throw ParseError(line: self.line, message: "unknown escape '\\\(escaped)'")
                    }
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
            throw ParseError(line: self.line, message: "unterminated string")
        }
    }
}
