import Foundation

/// The one JSON form of everything Docket prints or serves for scripts: pretty, key-sorted, slashes
/// unescaped, dates in ISO 8601. The admin endpoint and every `--json` output use it, so a date reads the
/// same whichever command printed it.
public enum JSONForm {
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
