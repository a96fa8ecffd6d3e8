import DocketCore
import Foundation

/// A decoded JSON value (the core's `JSONValue`), so that `--json` output can show times stored as epoch
/// milliseconds (in entries and the log) as ISO 8601 like every other time it prints.
typealias JSONTree = JSONValue

extension JSONValue {
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
}
