import DocketCodec
import DocketCore
import Foundation

/// The JSON used wherever Docket writes values to disk: sorted keys, so equal values are equal bytes.
enum Coding {
    static func encode<Value: Encodable>(_ value: Value) throws -> String {
        try Self.foundationEncode(value)
    }

    /// What `encode` writes, always through Foundation: what `JSONTextEncoder` must match.
    static func foundationEncode<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// An entry's JSON for the `entries` table: what the generic `encode` writes, without Foundation where
    /// `JSONTextEncoder` writes the same bytes.
    static func encode(_ entry: Entry) throws -> String {
        if let text = JSONTextEncoder.encode(entry) { return text }
        return try Self.foundationEncode(entry)
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from text: String) throws -> Value {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
