/// The stricter rules for text a person types at this office, on top of those every replicated value meets.
///
/// Operations from other offices are held only to `InputError.checkText`: refusing them for text this build
/// dislikes would stall replication, so what they carry is kept and escaped when printed. Text typed here
/// must also keep out of the terminal's way and stay within a byte budget, because a character limit alone
/// lets one letter carry 60,000 combining accents.
///
/// Paragraph fields (a limit of 1,000 characters or more: details, notes, reasons, context) keep newlines
/// and tabs; every shorter field is a single line, since it is printed in a table row.
public enum TypedText {
    /// UTF-8 bytes allowed per character of a field's limit: enough for any ordinary character.
    public static let bytesPerCharacter = 4

    /// One piece of typed text with the field it goes into and that field's character limit.
    public struct Field: Sendable, Equatable {
        public let name: String
        public let text: String
        public let maxLength: Int

        public init(_ name: String, _ text: String, maxLength: Int) {
            self.name = name
            self.text = text
            self.maxLength = maxLength
        }

        /// Whether the field keeps newlines and tabs.
        public var isParagraph: Bool { self.maxLength >= 1000 }
    }

    /// Refuses text over the field's byte budget, line breaks in a single-line field, and any control,
    /// bidirectional or invisible character.
    /// - Throws: `InputError` naming the field.
    public static func check(_ field: Field) throws {
        let byteLimit = field.maxLength * Self.bytesPerCharacter
        let bytes = field.text.utf8.count
        if bytes > byteLimit {
            throw InputError(
                field: field.name,
                "is \(bytes) bytes long; the limit is \(byteLimit) bytes (\(field.maxLength) characters)")
        }
        for scalar in field.text.unicodeScalars {
            if scalar == "\n" || scalar == "\t" {
                if field.isParagraph { continue }
                throw InputError(field: field.name, "must be a single line (no line breaks or tabs)")
            }
            if scalar.isHiddenOrControl {
                throw InputError(field: field.name, "contains the invisible or control character \(scalar.codePoint)")
            }
        }
    }
}

extension Unicode.Scalar {
    /// Whether the scalar is a control, bidirectional, invisible or line-separating character: one that can
    /// move a terminal's cursor, reorder what is shown, or hide text from the reader.
    public var isHiddenOrControl: Bool {
        switch self.value {
        case 0x00...0x1F, 0x7F...0x9F: true  // C0, DEL, C1 (U+009B starts an escape sequence)
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true  // bidirectional marks and overrides
        case 0x200B...0x200D, 0x2060...0x2064, 0x206A...0x206F, 0xFEFF: true  // zero-width and invisible
        case 0x2028, 0x2029, 0xFFF9...0xFFFB: true  // line and paragraph separators, annotation marks
        default: false
        }
    }

    /// `U+009B`-style notation for messages.
    public var codePoint: String {
        let hex = String(self.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
