/// Runs a type's own `Decodable` over a `JSONTree`, so a change is read by the same code whichever
/// decoder reads it. It fails wherever Foundation's `JSONDecoder` fails on the same JSON: a value of the
/// wrong type, a missing key, a number out of range (a `try?` in a type's decoding depends on that).
/// Its errors say less than Foundation's; a caller that gets one reads the bytes again with Foundation.
struct JSONTreeDecoder: Decoder {
    let tree: JSONTree
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = self.tree else { throw Self.mismatch("an object") }
        return KeyedDecodingContainer(Keyed<Key>(members: members))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = self.tree else { throw Self.mismatch("an array") }
        return Unkeyed(items: items)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        Single(tree: self.tree)
    }

    /// The standard library's number types, which Foundation reads from a JSON number.
    private static let numberTypes: Set<ObjectIdentifier> = [
        ObjectIdentifier(Int.self), ObjectIdentifier(Int8.self), ObjectIdentifier(Int16.self),
        ObjectIdentifier(Int32.self), ObjectIdentifier(Int64.self), ObjectIdentifier(UInt.self),
        ObjectIdentifier(UInt8.self), ObjectIdentifier(UInt16.self), ObjectIdentifier(UInt32.self),
        ObjectIdentifier(UInt64.self), ObjectIdentifier(Double.self), ObjectIdentifier(Float.self),
    ]

    static func mismatch(_ expected: String) -> DecodingError {
        DecodingError.typeMismatch(Any.self, .init(codingPath: [], debugDescription: "expected \(expected)"))
    }

    /// `tree` read as `T`, as Foundation reads it: a string or a boolean only as itself, an integer as any
    /// integer type it fits or as a floating-point number, null as none of them; other types read
    /// themselves.
    static func value<T: Decodable>(_ tree: JSONTree, as type: T.Type) throws -> T {
        if T.self == String.self {
            guard case .string(let text) = tree else { throw Self.mismatch("a string") }
            return text as! T
        }
        if T.self == Bool.self {
            guard case .bool(let flag) = tree else { throw Self.mismatch("a boolean") }
            return flag as! T
        }
        if T.self == Int64.self {
            guard case .integer(let number) = tree else { throw Self.mismatch("an integer") }
            return number as! T
        }
        // Looked up by identity first: asking each type whether it is an integer is a runtime search.
        if Self.numberTypes.contains(ObjectIdentifier(T.self)) {
            guard case .integer(let number) = tree else { throw Self.mismatch("a number") }
            if let integer = T.self as? any FixedWidthInteger.Type {
                guard let value = integer.init(exactly: number) else {
                    throw Self.mismatch("an integer that fits \(T.self)")
                }
                return value as! T
            }
            return (T.self == Double.self ? Double(number) as Any : Float(Double(number)) as Any) as! T
        }
        return try T(from: JSONTreeDecoder(tree: tree))
    }

    private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let members: [(key: String, value: JSONTree)]
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { self.members.compactMap { Key(stringValue: $0.key) } }

        private func member(_ key: Key) -> JSONTree? {
            self.members.first { $0.key == key.stringValue }?.value
        }

        private func value(_ key: Key) throws -> JSONTree {
            guard let value = self.member(key) else {
                throw DecodingError.keyNotFound(key, .init(codingPath: [], debugDescription: "no member \(key.stringValue)"))
            }
            return value
        }

        func contains(_ key: Key) -> Bool { self.member(key) != nil }

        func decodeNil(forKey key: Key) throws -> Bool {
            if case .null = try self.value(key) { return true }
            return false
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try JSONTreeDecoder.value(try self.value(key), as: type)
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            try JSONTreeDecoder(tree: try self.value(key)).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try JSONTreeDecoder(tree: try self.value(key)).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder {
            JSONTreeDecoder(tree: self.members.first { $0.key == "super" }?.value ?? .null)
        }

        func superDecoder(forKey key: Key) throws -> any Decoder {
            JSONTreeDecoder(tree: self.member(key) ?? .null)
        }
    }

    private struct Unkeyed: UnkeyedDecodingContainer {
        let items: [JSONTree]
        var currentIndex = 0
        var codingPath: [any CodingKey] { [] }
        var count: Int? { self.items.count }
        var isAtEnd: Bool { self.currentIndex >= self.items.count }

        init(items: [JSONTree]) {
            self.items = items
        }

        private func current() throws -> JSONTree {
            guard !self.isAtEnd else {
                throw DecodingError.valueNotFound(Any.self, .init(codingPath: [], debugDescription: "the array has ended"))
            }
            return self.items[self.currentIndex]
        }

        mutating func decodeNil() throws -> Bool {
            guard case .null = try self.current() else { return false }
            self.currentIndex += 1
            return true
        }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let value = try JSONTreeDecoder.value(try self.current(), as: type)
            self.currentIndex += 1
            return value
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            let container = try JSONTreeDecoder(tree: try self.current()).container(keyedBy: type)
            self.currentIndex += 1
            return container
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            let container = try JSONTreeDecoder(tree: try self.current()).unkeyedContainer()
            self.currentIndex += 1
            return container
        }

        mutating func superDecoder() throws -> any Decoder {
            let decoder = JSONTreeDecoder(tree: try self.current())
            self.currentIndex += 1
            return decoder
        }
    }

    private struct Single: SingleValueDecodingContainer {
        let tree: JSONTree
        var codingPath: [any CodingKey] { [] }

        func decodeNil() -> Bool {
            if case .null = self.tree { return true }
            return false
        }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try JSONTreeDecoder.value(self.tree, as: type)
        }
    }
}
