import DocketCore
import Foundation

/// Text made safe to print on an operator's terminal.
///
/// Replicated text is kept as other offices wrote it, and files and arguments can carry anything, so every
/// printer passes what it shows through here: control, bidirectional and invisible characters become
/// visible `\u{9B}`-style escapes and a line break becomes `⏎`, so nothing can drive the terminal, hide
/// text or break a table row. JSON output needs none of this: the encoder escapes it.
enum TerminalText {
    static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: \.isHiddenOrControl) else { return text }
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "⏎"
            case "\t": result += "\\t"
            case _ where scalar.isHiddenOrControl: result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

/// Prints one line of text on standard output, escaped. Multi-line renderings (tables, `case show`)
/// escape their cells themselves and are printed as they are.
func say(_ line: String) {
    print(TerminalText.escaped(line))
}

/// Writes one line on standard error, escaped.
func warn(_ line: String) {
    FileHandle.standardError.write(Data((TerminalText.escaped(line) + "\n").utf8))
}
