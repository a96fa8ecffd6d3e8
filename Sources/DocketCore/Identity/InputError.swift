/// A value a person or a file supplied that Docket will not accept, naming the offending field.
///
/// Its description is one line, so the CLI can print it as-is and exit non-zero.
public struct InputError: Error, Equatable, Sendable, CustomStringConvertible {
    public let field: String
    public let message: String

    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(self.field): \(self.message)" }
}

extension InputError {
    /// Rejects text that is empty, too long, or carries control characters other than newline and tab.
    public static func checkText(
        _ text: String,
        field: String,
        maxLength: Int = 4000,
        allowEmpty: Bool = false
    ) throws {
        // Each check below stops early or counts bytes first: every text field of every operation a
        // replica receives passes through here, and counting characters walks grapheme breaks.
        if !allowEmpty && !text.contains(where: { !$0.isWhitespace }) {
            throw InputError(field: field, "must not be empty")
        }
        // A character is at least one byte, so a text of no more bytes than the limit is within it.
        if text.utf8.count > maxLength && text.count > maxLength {
            throw InputError(field: field, "is \(text.count) characters long; the limit is \(maxLength)")
        }
        // Arguments that were not valid UTF-8 reach Swift with U+FFFD in place of the bad bytes.
        if text.unicodeScalars.contains("\u{FFFD}") {
            throw InputError(field: field, "is not valid UTF-8 text")
        }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" || $0.value == 0x7F }) {
            throw InputError(field: field, "contains control characters")
        }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines (Foundation-free).
    public func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let first = self.firstIndex(where: { !isSpace($0) }),
            let last = self.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(self[first...last])
    }
}
