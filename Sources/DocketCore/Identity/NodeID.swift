/// The stable name of an office's replica, e.g. `sh-pudong`; it is also the name in the node's certificate.
public struct NodeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// Validates `rawValue`: 1–32 characters of lowercase ASCII letters, digits and `-`, starting with a letter.
    public init(_ rawValue: String) throws {
        guard Self.isValid(rawValue) else {
            throw InputError(
                field: "node_id",
                "'\(rawValue)' is not a node id (1-32 of a-z, 0-9 and '-', starting with a letter)"
            )
        }
        self.rawValue = rawValue
    }

    public static func isValid(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard (1...32).contains(scalars.count), let first = scalars.first, ("a"..."z").contains(first) else {
            return false
        }
        return scalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { self.rawValue }
}

extension NodeID: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.rawValue)
    }
}
