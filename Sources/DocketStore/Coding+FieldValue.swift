import DocketCore
import Foundation

extension Coding {
    /// A register value as the generic `encode` writes it, byte for byte, without JSONEncoder for the common
    /// cases: text that needs no escaping, integers, null and remedies. Every register write stores one, and a
    /// catch-up writes millions.
    static func encode(_ value: FieldValue) throws -> String {
        switch value {
        case .text(let text) where !text.utf8.contains(where: Self.needsEscape):
            return "\"" + text + "\""
        case .integer(let number):
            return String(number)
        case .null:
            return "null"
        case .remedy(let remedy):
            return try Self.encodeCompact(remedy) ?? Self.encode(JSONForm(value))
        default:
            return try Self.encode(JSONForm(value))
        }
    }

    /// Reads what `encode(_: FieldValue)` writes directly; anything else (escapes, objects) goes through
    /// JSONDecoder as before.
    static func decode(_ type: FieldValue.Type, from text: String) throws -> FieldValue {
        let bytes = text.utf8
        if bytes.count >= 2, bytes.first == UInt8(ascii: "\""), bytes.last == UInt8(ascii: "\""),
            !bytes.dropFirst().dropLast().contains(where: Self.needsEscape)
        {
            return .text(String(text.dropFirst().dropLast()))
        }
        if text == "null" { return .null }
        if let number = Int64(text), String(number) == text { return .integer(number) }
        if let remedy = Self.decodeCompactRemedy(text) { return .remedy(remedy) }
        return try Self.decode(JSONForm<FieldValue>.self, from: text).value
    }

    /// What JSON (and so JSONEncoder) escapes inside a string: the quote, the backslash and control bytes.
    static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20
    }

    /// Wraps a value so the generic coder, not the overloads above, handles it.
    private struct JSONForm<Value: Codable>: Codable {
        let value: Value

        init(_ value: Value) {
            self.value = value
        }

        init(from decoder: any Decoder) throws {
            self.value = try Value(from: decoder)
        }

        func encode(to encoder: any Encoder) throws {
            try self.value.encode(to: encoder)
        }
    }
}
