/// A plain-text table whose columns line up with Chinese text, which takes two terminal columns per character.
struct Table {
    let headers: [String]
    var rows: [[String]] = []

    init(_ headers: String...) {
        self.headers = headers
    }

    mutating func add(_ cells: String...) {
        self.rows.append(cells)
    }

    func render() -> String {
        let all = ([self.headers] + self.rows).map { $0.map(TerminalText.escaped) }
        var widths = Array(repeating: 0, count: self.headers.count)
        for row in all {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], Self.width(of: cell))
            }
        }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1
                    ? cell : cell + String(repeating: " ", count: widths[column] - Self.width(of: cell))
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// Terminal columns a string occupies: two for East Asian wide characters, one otherwise.
    static func width(of text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            total + (Self.isWide(scalar.value) ? 2 : 1)
        }
    }

    private static func isWide(_ value: UInt32) -> Bool {
        (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value) || (0xAC00...0xD7A3).contains(value)
            || (0xF900...0xFAFF).contains(value) || (0xFE30...0xFE4F).contains(value)
            || (0xFF00...0xFF60).contains(value) || (0xFFE0...0xFFE6).contains(value)
            || (0x20000...0x3FFFD).contains(value)
    }

    /// Shortens text to about `columns` terminal columns for a table cell.
    static func clip(_ text: String, to columns: Int) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        guard Self.width(of: flat) > columns else { return flat }
        var result = ""
        var used = 0
        for character in flat {
            let width = Self.width(of: String(character))
            if used + width > columns - 1 { break }
            result.append(character)
            used += width
        }
        return result + "…"
    }
}
