/// Where a case stands in the closed loop, in workflow order.
public enum CaseStatus: String, Vocabulary, Comparable {
    case received, acknowledged, investigating, proposed
    case inAction = "in_action"
    case resolved, confirmed, closed

    /// Position in the workflow; later steps have higher ranks.
    public var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: CaseStatus, rhs: CaseStatus) -> Bool { lhs.rank < rhs.rank }

    /// Whether the loop with the customer is still open (no remedy delivered yet).
    public var isOpen: Bool { self < .resolved }

    /// The statuses a reopen may start from.
    public static let reopenable: Set<CaseStatus> = [.resolved, .confirmed, .closed]
}
