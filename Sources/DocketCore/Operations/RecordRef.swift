/// The kinds of replicated record.
public enum RecordKind: String, Hashable, Sendable, Codable, CaseIterable {
    case `case`
    case customer
}

/// Names one replicated record: its kind and its global id.
///
/// Ids are made from the dot of the operation that created the record (`case-sh-pudong-17`), so offices
/// never need to coordinate to mint them.
public struct RecordRef: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let kind: RecordKind
    public let id: String

    public init(kind: RecordKind, id: String) {
        self.kind = kind
        self.id = id
    }

    /// The id a record created by the operation `dot` receives.
    public static func created(by dot: Dot, kind: RecordKind) -> RecordRef {
        let prefix = kind == .case ? "case" : "cust"
        return RecordRef(kind: kind, id: "\(prefix)-\(dot.node)-\(dot.seq)")
    }

    public static func < (lhs: RecordRef, rhs: RecordRef) -> Bool {
        (lhs.kind.rawValue, lhs.id) < (rhs.kind.rawValue, rhs.id)
    }

    public var description: String { self.id }
}
