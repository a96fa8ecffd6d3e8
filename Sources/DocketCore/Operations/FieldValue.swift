/// A value held by a field register: text, an integer (times in epoch milliseconds), a remedy, nothing,
/// or a JSON value of a shape this build has no type for (written by a newer Docket).
public enum FieldValue: Hashable, Sendable {
    case text(String)
    case integer(Int64)
    case remedy(Remedy)
    case null
    /// Only what none of the other cases can hold: decoding never puts a string, an integer, null or a
    /// remedy here, so one value has one representation.
    case json(JSONValue)

    public var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    public var integer: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// A short rendering for tables and conflict listings.
    public var display: String {
        switch self {
        case .text(let value): value
        case .integer(let value): String(value)
        case .remedy(let remedy): remedy.display
        case .null: "-"
        case .json(let value): value.compactText
        }
    }
}

extension FieldValue: Codable {
    /// Encoded as the bare JSON value (string, number, object or null), so the log reads naturally in SQL.
    /// Any other JSON (a remedy of a kind this build does not know, a number with a fraction, a list) is
    /// kept as it is rather than refused: a newer Docket may write it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let text = try? container.decode(String.self) {
            self = .text(text)
        } else if let number = try? container.decode(Int64.self) {
            self = .integer(number)
        } else if let remedy = try? container.decode(Remedy.self) {
            self = .remedy(remedy)
        } else {
            self = .json(try container.decode(JSONValue.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .remedy(let value): try container.encode(value)
        case .null: try container.encodeNil()
        case .json(let value): try container.encode(value)
        }
    }
}
