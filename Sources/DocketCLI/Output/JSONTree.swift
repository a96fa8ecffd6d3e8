import Foundation

/// A decoded JSON value, so that `--json` output can show times stored as epoch milliseconds (in entries
/// and the log) as ISO 8601 like every other time it prints.
enum JSONTree: Codable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONTree])
    case object([String: JSONTree])

    /// Keys whose integer values are epoch milliseconds in the stored forms of entries.
    static let timeKeys: Set<String> = ["at", "due", "scheduledFor", "doneAt"]

    /// `value` as JSON, with the integers under `timeKeys` written as ISO 8601 times.
    static func withTimes<Value: Encodable>(_ value: Value) throws -> JSONTree {
        try Self.encoding(value).convertingTimes()
    }

    /// `value` as JSON, as it encodes itself.
    static func encoding<Value: Encodable>(_ value: Value) throws -> JSONTree {
        try JSONDecoder().decode(JSONTree.self, from: JSONEncoder().encode(value))
    }

    func convertingTimes() -> JSONTree {
        switch self {
        case .array(let items):
            return .array(items.map { $0.convertingTimes() })
        case .object(let members):
            var converted: [String: JSONTree] = [:]
            for (key, value) in members {
                if Self.timeKeys.contains(key), case .integer(let millis) = value {
                    converted[key] = .string(TimeText.iso8601(millis))
                } else {
                    converted[key] = value.convertingTimes()
                }
            }
            return .object(converted)
        default:
            return self
        }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONTree].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONTree].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
