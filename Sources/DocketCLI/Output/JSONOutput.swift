import Foundation

/// The one JSON form every `--json` output takes: pretty, key-sorted, slashes unescaped, ISO 8601 dates.
enum JSONOutput {
    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}

/// Prints a value on standard output in the `--json` form.
func printJSON<Value: Encodable>(_ value: Value) throws {
    print(String(decoding: try JSONOutput.makeEncoder().encode(value), as: UTF8.self))
}
