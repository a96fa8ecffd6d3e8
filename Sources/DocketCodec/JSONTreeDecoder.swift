import Foundation

/// Runs a type's own `Decodable` over a `JSONTree`, so a change is read by the same code whichever
/// decoder reads it. For the types changes are made of it fails wherever Foundation's `JSONDecoder`
/// fails on the same JSON: a value of the wrong type, a missing key, a number out of range (a `try?` in a
/// type's decoding depends on that). A type Foundation reads its own way (`Data`, `Date`, `URL`,
/// `Decimal`, `Float`, the 128-bit integers) is not read here at all: asking for one marks the whole
/// reading as refused, however the type's own code handles the error, and Foundation reads the bytes
/// instead. Its errors say less than Foundation's, and are never shown.
struct JSONTreeDecoder: Decoder {
    /// Shared by a reading's decoders and containers.
    final class Reading {
        /// Set when a type was asked for that only Foundation may read.
        var refused = false
    }

    let tree: JSONTree
    let reading: Reading
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// `T` read from `tree`, or nil when the reading failed or was refused.
    static func read<T: Decodable>(_ type: T.Type, from tree: JSONTree) -> T? {
        let reading = Reading()
        guard let value = try? Self.value(tree, as: type, reading), !reading.refused else { return nil }
        return value
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = self.tree else { throw Self.mismatch("an object") }
        return KeyedDecodingContainer(Keyed<Key>(members: members, reading: self.reading))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = self.tree else { throw Self.mismatch("an array") }
        return Unkeyed(items: items, reading: self.reading)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        Single(tree: self.tree, reading: self.reading)
    }

    /// The standard library's integer types and `Double`, which Foundation reads from a JSON number.
    private static let numberTypes: Set<ObjectIdentifier> = [
        ObjectIdentifier(Int.self), ObjectIdentifier(Int8.self), ObjectIdentifier(Int16.self),
        ObjectIdentifier(Int32.self), ObjectIdentifier(Int64.self), ObjectIdentifier(UInt.self),
        ObjectIdentifier(UInt8.self), ObjectIdentifier(UInt16.self), ObjectIdentifier(UInt32.self),
        ObjectIdentifier(UInt64.self), ObjectIdentifier(Double.self),
    ]

    /// Types Foundation reads in ways of its own (a `Float` parsed as one, a `Date` as seconds, `Data` as
    /// base64, …), or whose decoding would ask this decoder for themselves again.
    private static let refusedTypes: Set<ObjectIdentifier> = {
        var types: Set<ObjectIdentifier> = [
            ObjectIdentifier(Float.self), ObjectIdentifier(Data.self), ObjectIdentifier(Date.self),
            ObjectIdentifier(URL.self), ObjectIdentifier(Decimal.self),
        ]
        if #available(macOS 15, *) {
            types.formUnion([ObjectIdentifier(Int128.self), ObjectIdentifier(UInt128.self)])
        }
        return types
    }()

    static func mismatch(_ expected: String) -> DecodingError {
        DecodingError.typeMismatch(Any.self, .init(codingPath: [], debugDescription: "expected \(expected)"))
    }

    /// `tree` read as `T`, as Foundation reads it: a string or a boolean only as itself, an integer as any
    /// integer type it fits or as a floating-point number, null as none of them; other types read
    /// themselves.
    static func value<T: Decodable>(_ tree: JSONTree, as type: T.Type, _ reading: Reading) throws -> T {
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
            return Double(number) as! T
        }
        if Self.refusedTypes.contains(ObjectIdentifier(T.self)) {
            reading.refused = true
            throw Self.mismatch("a type only Foundation reads")
        }
        return try T(from: JSONTreeDecoder(tree: tree, reading: reading))
    }

    private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let members: [(key: String, value: JSONTree)]
        let reading: Reading
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
            try JSONTreeDecoder.value(try self.value(key), as: type, self.reading)
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            try JSONTreeDecoder(tree: try self.value(key), reading: self.reading).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try JSONTreeDecoder(tree: try self.value(key), reading: self.reading).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder {
            JSONTreeDecoder(tree: self.members.first { $0.key == "super" }?.value ?? .null, reading: self.reading)
        }

        func superDecoder(forKey key: Key) throws -> any Decoder {
            JSONTreeDecoder(tree: self.member(key) ?? .null, reading: self.reading)
        }
    }

    private struct Unkeyed: UnkeyedDecodingContainer {
        let items: [JSONTree]
        let reading: Reading
        var currentIndex = 0
        var codingPath: [any CodingKey] { [] }
        var count: Int? { self.items.count }
        var isAtEnd: Bool { self.currentIndex >= self.items.count }

        init(items: [JSONTree], reading: Reading) {
            self.items = items
            self.reading = reading
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
            let value = try JSONTreeDecoder.value(try self.current(), as: type, self.reading)
            self.currentIndex += 1
            return value
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            let container = try JSONTreeDecoder(tree: try self.current(), reading: self.reading).container(keyedBy: type)
            self.currentIndex += 1
            return container
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            let container = try JSONTreeDecoder(tree: try self.current(), reading: self.reading).unkeyedContainer()
            self.currentIndex += 1
            return container
        }

        mutating func superDecoder() throws -> any Decoder {
            let decoder = JSONTreeDecoder(tree: try self.current(), reading: self.reading)
            self.currentIndex += 1
            return decoder
        }
    }

    private struct Single: SingleValueDecodingContainer {
        let tree: JSONTree
        let reading: Reading
        var codingPath: [any CodingKey] { [] }

        func decodeNil() -> Bool {
            if case .null = self.tree { return true }
            return false
        }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try JSONTreeDecoder.value(self.tree, as: type, self.reading)
        }
    }
}
