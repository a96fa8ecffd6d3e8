import DocketCore
import Foundation
import GRDB

extension TypedText {
    /// Text as Docket stores and compares what people type: canonically composed (NFC) and trimmed, so a
    /// department typed decomposed or with a stray space is the same department.
    public static func normalized(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A case reference as typed, folded so `sh01-000001` and fullwidth `ＳＨ０１-000001` find `SH01-000001`.
    public static func normalizedReference(_ text: String) -> String {
        text.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
    }

    /// Normalises a piece of typed text and checks it against the stricter local rules.
    /// - Returns: the normalised text.
    /// - Throws: `InputError` naming the field.
    public static func accept(_ field: Field) throws -> String {
        let text = Self.normalized(field.text)
        try Self.check(Field(field.name, text, maxLength: field.maxLength))
        return text
    }
}

extension TypedText {
    /// `normalized` as an SQL function, for comparing stored names with what a person typed.
    static let normalizedFunction = DatabaseFunction("docket_normalized", argumentCount: 1, pure: true) { values in
        String.fromDatabaseValue(values[0]).map(Self.normalized)
    }
}
