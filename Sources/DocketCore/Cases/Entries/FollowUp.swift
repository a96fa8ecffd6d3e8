/// A follow-up call planned for a time (回访), by default a day after the case is resolved.
public struct FollowUpPlan: Hashable, Sendable, Codable {
    /// Epoch milliseconds.
    public let scheduledFor: Int64

    public init(scheduledFor: Int64) {
        self.scheduledFor = scheduledFor
    }
}

/// A follow-up call that took place, and how the customer felt.
public struct FollowUp: Hashable, Sendable, Codable {
    /// Epoch milliseconds.
    public let doneAt: Int64
    public let result: FollowUpResult
    /// 1 (very unhappy) to 5 (very happy).
    public let score: Int
    public let comment: String

    public init(doneAt: Int64, result: FollowUpResult, score: Int, comment: String) throws {
        guard (1...5).contains(score) else { throw InputError(field: "score", "\(score) is not between 1 and 5") }
        try InputError.checkText(comment, field: "comment", maxLength: 2000, allowEmpty: true)
        self.doneAt = doneAt
        self.result = result
        self.score = score
        self.comment = comment
    }
}
