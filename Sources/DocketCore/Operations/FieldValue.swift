/// A value held by a field register: text, an integer (times in epoch milliseconds), a remedy, or nothing.
public enum FieldValue: Hashable, Sendable {
    case text(String)
    case integer(Int64)
    case remedy(Remedy)
    case null

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
        }
    }
}

extension FieldValue: Codable {
    /// Encoded as the bare JSON value (string, number, object or null), so the log reads naturally in SQL.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let text = try? container.decode(String.self) {
            self = .text(text)
        } else if let number = try? container.decode(Int64.self) {
            self = .integer(number)
        } else {
            self = .remedy(try container.decode(Remedy.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .remedy(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }
}
