import Foundation

/// Runs a type's own `Encodable` and writes the JSON text Foundation's `JSONEncoder` writes with the
/// options of the store's `Coding.encode` and of `ChangeCoding.encode`, byte for byte: keys sorted by
/// their UTF-8 bytes, no whitespace, `/` as itself, `"` and `\` escaped, control characters as
/// `\b \t \n \f \r` or `\u00xx`, everything else as itself. Anything it does not handle the same way (a
/// floating-point number, a type Foundation encodes its own way, a super-encoder) makes it give up (nil),
/// and the caller goes to Foundation instead. The tests compare the two.
///
/// Each entry a catch-up stores is encoded for the `entries` table; with Foundation that was a fifth of
/// preparing a batch (`docs/benchmarks.md`, "Throughput, tenth round").
package enum JSONTextEncoder {
    /// `value`'s JSON, or nil when it was refused or its encoding threw.
    package static func encode<T: Encodable>(_ value: T) -> String? {
        let writing = Writing()
        guard let node = try? Node.of(value, writing), !writing.refused else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        node.write(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Shared by one encoding's encoders and containers.
    final class Writing {
        /// Set when something was encoded that only Foundation may write.
        var refused = false
        /// How many values deep the encoding is.
        var depth = 0
    }

    /// A string as Foundation writes it: quoted, `"` and `\` escaped, control characters as `\b \t \n \f
    /// \r` or `\u00xx`, everything else (`/` too) as itself.
    package static func write(string: String, into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
            case 0x08: bytes.append(contentsOf: #"\b"#.utf8)
            case 0x09: bytes.append(contentsOf: #"\t"#.utf8)
            case 0x0A: bytes.append(contentsOf: #"\n"#.utf8)
            case 0x0C: bytes.append(contentsOf: #"\f"#.utf8)
            case 0x0D: bytes.append(contentsOf: #"\r"#.utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: #"\u00"#.utf8)
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Deeper values go to Foundation, which stops at 512 levels; no Docket type nests more than 16.
    static let maximumDepth = 64

    /// Types Foundation encodes in ways of its own (a date as seconds, data as base64, …).
    fileprivate static let refusedTypes: Set<ObjectIdentifier> = {
        var types: Set<ObjectIdentifier> = [
            ObjectIdentifier(Float.self), ObjectIdentifier(Double.self), ObjectIdentifier(Data.self),
            ObjectIdentifier(Date.self), ObjectIdentifier(URL.self), ObjectIdentifier(Decimal.self),
        ]
        if #available(macOS 15, *) {
            types.formUnion([ObjectIdentifier(Int128.self), ObjectIdentifier(UInt128.self)])
        }
        return types
    }()
}

/// A value being encoded. Objects and arrays are classes, so a container handed out earlier still adds to
/// the one its encoder holds.
private final class Node {
    enum Content {
        /// A scalar, as its JSON text.
        case text([UInt8])
        /// Members in the order encoded, each key once: types encode a handful, so a list is searched.
        case object([(key: String, value: Node)])
        case array([Node])
        /// Nothing encoded yet.
        case empty
    }

    var content: Content

    init(_ content: Content) {
        self.content = content
    }

    static func of<T: Encodable>(_ value: T, _ writing: JSONTextEncoder.Writing) throws -> Node {
        // Foundation refuses to write deeply nested values; well short of its limit, they are left to it.
        writing.depth += 1
        defer { writing.depth -= 1 }
        if JSONTextEncoder.refusedTypes.contains(ObjectIdentifier(T.self)) || writing.depth > JSONTextEncoder.maximumDepth {
            writing.refused = true
            return Node(.text(Self.null))
        }
        let encoder = TreeEncoder(writing: writing)
        try value.encode(to: encoder)
        // A value that encoded nothing: no type written here does that, so it is not worth copying what
        // Foundation makes of it.
        if case .empty = encoder.node.content { writing.refused = true }
        return encoder.node
    }

    func write(into bytes: inout [UInt8]) {
        switch self.content {
        case .text(let text):
            bytes.append(contentsOf: text)
        case .empty:
            // Refused before it is written (`of`).
            bytes.append(contentsOf: Self.null)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                item.write(into: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (index, member) in sorted.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                JSONTextEncoder.write(string: member.key, into: &bytes)
                bytes.append(UInt8(ascii: ":"))
                member.value.write(into: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    static func text(_ string: String) -> Node {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(string.utf8.count + 2)
        JSONTextEncoder.write(string: string, into: &bytes)
        return Node(.text(bytes))
    }

    static func text<N: BinaryInteger>(number: N) -> Node { Node(.text(Array(String(number).utf8))) }

    static func text(bool: Bool) -> Node { Node(.text(Array((bool ? "true" : "false").utf8))) }

    static let null = Array("null".utf8)
}

private struct TreeEncoder: Encoder {
    let writing: JSONTextEncoder.Writing
    let node = Node(.empty)
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(writing: JSONTextEncoder.Writing) {
        self.writing = writing
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        switch self.node.content {
        case .empty: self.node.content = .object([])
        case .object: break
        default: self.writing.refused = true
        }
        return KeyedEncodingContainer(KeyedContainer<Key>(node: self.node, writing: self.writing))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        switch self.node.content {
        case .empty: self.node.content = .array([])
        case .array: break
        default: self.writing.refused = true
        }
        return UnkeyedContainer(node: self.node, writing: self.writing)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(node: self.node, writing: self.writing)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    let writing: JSONTextEncoder.Writing
    var codingPath: [any CodingKey] { [] }

    private func set(_ value: Node, _ key: Key) {
        guard case .object(var members) = self.node.content else {
            self.writing.refused = true
            return
        }
        // Let go of the member table held here first, so the member is added in place.
        self.node.content = .empty
        // A key encoded again replaces its value, as in Foundation.
        let name = key.stringValue
        if let index = members.firstIndex(where: { $0.key == name }) {
            members[index].value = value
        } else {
            members.append((name, value))
        }
        self.node.content = .object(members)
    }

    mutating func encodeNil(forKey key: Key) throws { self.set(Node(.text(Node.null)), key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { self.set(Node.text(bool: value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { self.set(Node.text(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { self.writing.refused = true }
    mutating func encode(_ value: Float, forKey key: Key) throws { self.writing.refused = true }
    mutating func encode(_ value: Int, forKey key: Key) throws { self.set(Node.text(number: value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { self.set(Node.text(number: value), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { self.set(Node.text(number: value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { self.set(Node.text(number: value), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { self.set(Node.text(number: value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { self.set(Node.text(number: value), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { self.set(Node.text(number: value), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { self.set(Node.text(number: value), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { self.set(Node.text(number: value), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { self.set(Node.text(number: value), key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        self.set(try Node.of(value, self.writing), key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = Node(.object([]))
        self.set(nested, key)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: nested, writing: self.writing))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = Node(.array([]))
        self.set(nested, key)
        return UnkeyedContainer(node: nested, writing: self.writing)
    }

    mutating func superEncoder() -> any Encoder { self.refusedEncoder() }
    mutating func superEncoder(forKey key: Key) -> any Encoder { self.refusedEncoder() }

    private func refusedEncoder() -> any Encoder {
        self.writing.refused = true
        return TreeEncoder(writing: self.writing)
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: Node
    let writing: JSONTextEncoder.Writing
    var codingPath: [any CodingKey] { [] }
    var count: Int {
        if case .array(let items) = self.node.content { return items.count }
        return 0
    }

    private func append(_ value: Node) {
        guard case .array(var items) = self.node.content else {
            self.writing.refused = true
            return
        }
        self.node.content = .empty
        items.append(value)
        self.node.content = .array(items)
    }

    mutating func encodeNil() throws { self.append(Node(.text(Node.null))) }
    mutating func encode(_ value: Bool) throws { self.append(Node.text(bool: value)) }
    mutating func encode(_ value: String) throws { self.append(Node.text(value)) }
    mutating func encode(_ value: Double) throws { self.writing.refused = true }
    mutating func encode(_ value: Float) throws { self.writing.refused = true }
    mutating func encode(_ value: Int) throws { self.append(Node.text(number: value)) }
    mutating func encode(_ value: Int8) throws { self.append(Node.text(number: value)) }
    mutating func encode(_ value: Int16) throws { self.append(Node.text(number: value)) }
    mutating func encode(_ value: Int32) throws { self.append(Node.text(number: value)) }
    mutating func encode(_ value: Int64) throws { self.append(Node.text(number: value)) }
    mutating func encode(_ value: UInt) throws { self.append(Node.text(number: value)) }
    mutating func encode(_ value: UInt8) throws { self.append(Node.text(number: value)) }
    mutating func encode(_ value: UInt16) throws { self.append(Node.text(number: value)) }
    mutating func encode(_ value: UInt32) throws { self.append(Node.text(number: value)) }
    mutating func encode(_ value: UInt64) throws { self.append(Node.text(number: value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        self.append(try Node.of(value, self.writing))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = Node(.object([]))
        self.append(nested)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: nested, writing: self.writing))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = Node(.array([]))
        self.append(nested)
        return UnkeyedContainer(node: nested, writing: self.writing)
    }

    mutating func superEncoder() -> any Encoder {
        self.writing.refused = true
        return TreeEncoder(writing: self.writing)
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let node: Node
    let writing: JSONTextEncoder.Writing
    var codingPath: [any CodingKey] { [] }

    /// A single value is encoded once, into an encoder that holds nothing yet.
    private func set(_ value: Node) {
        guard case .empty = self.node.content else {
            self.writing.refused = true
            return
        }
        self.node.content = value.content
    }

    mutating func encodeNil() throws { self.set(Node(.text(Node.null))) }
    mutating func encode(_ value: Bool) throws { self.set(Node.text(bool: value)) }
    mutating func encode(_ value: String) throws { self.set(Node.text(value)) }
    mutating func encode(_ value: Double) throws { self.writing.refused = true }
    mutating func encode(_ value: Float) throws { self.writing.refused = true }
    mutating func encode(_ value: Int) throws { self.set(Node.text(number: value)) }
    mutating func encode(_ value: Int8) throws { self.set(Node.text(number: value)) }
    mutating func encode(_ value: Int16) throws { self.set(Node.text(number: value)) }
    mutating func encode(_ value: Int32) throws { self.set(Node.text(number: value)) }
    mutating func encode(_ value: Int64) throws { self.set(Node.text(number: value)) }
    mutating func encode(_ value: UInt) throws { self.set(Node.text(number: value)) }
    mutating func encode(_ value: UInt8) throws { self.set(Node.text(number: value)) }
    mutating func encode(_ value: UInt16) throws { self.set(Node.text(number: value)) }
    mutating func encode(_ value: UInt32) throws { self.set(Node.text(number: value)) }
    mutating func encode(_ value: UInt64) throws { self.set(Node.text(number: value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        self.set(try Node.of(value, self.writing))
    }
}
