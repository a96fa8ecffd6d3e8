/// The identity of one operation: the node that wrote it and that node's gapless sequence number.
public struct Dot: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let node: NodeID
    public let seq: UInt64

    public init(node: NodeID, seq: UInt64) {
        self.node = node
        self.seq = seq
    }

    /// The largest sequence number a replica can store (SQLite integers are signed 64-bit).
    public static let maximumSeq = UInt64(Int64.max)

    public static func < (lhs: Dot, rhs: Dot) -> Bool {
        (lhs.node, lhs.seq) < (rhs.node, rhs.seq)
    }

    /// `node:seq`, the form used in the CLI and in entry references.
    public var description: String { "\(self.node):\(self.seq)" }

    /// Parses the `node:seq` form.
    public init(parsing text: String, field: String) throws {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let seq = UInt64(parts[1]), (1...Self.maximumSeq).contains(seq), let node = try? NodeID(String(parts[0])) else {
            throw InputError(field: field, "'\(text)' is not an operation reference of the form node:seq")
        }
        self.init(node: node, seq: seq)
    }
}
