import DocketCore

/// How `case show` and `history` print what only a newer Docket can read: its stored JSON, as the origin
/// wrote it, followed by a mark. Printers escape it for the terminal like any other text.
enum NewerText {
    static let mark = "[from a newer Docket]"

    static func marked(_ text: String) -> String {
        "\(text)  \(Self.mark)"
    }

    /// A value as its JSON.
    static func raw(_ value: FieldValue) -> String {
        switch value {
        case .text(let text): JSONValue.string(text).compactText
        case .integer(let number): String(number)
        case .null: "null"
        case .remedy(let remedy): remedy.display
        case .json(let json): json.compactText
        }
    }

    /// An entry as its kind and JSON body.
    static func raw(_ entry: Entry) -> String {
        guard case .untyped(let kind, let body) = entry else { return entry.kind }
        return "\(kind) \(body.compactText)"
    }

    /// An entry of a kind the schema defines by its members: each member and its text, in shape order.
    static func shaped(_ entry: Entry, in schema: DocketSchema) -> String? {
        guard case .untyped(let kind, let body) = entry, let shape = schema.entryShapes[kind], shape.fits(body)
        else { return nil }
        return kind + " " + shape.members.map { "\($0.name): \(body[$0.name]?.string ?? "")" }.joined(separator: " | ")
    }
}
