/// The local workflow rules, checked when a person changes a status at their own office.
///
/// Operations merged from other offices are never checked against these rules: a concurrent change
/// becomes a visible conflict instead of being rejected.
public enum Workflow {
    /// What the office knows about the case when someone asks to move it.
    public struct Context: Sendable {
        public var current: CaseStatus
        public var hasCompletedFollowUp: Bool

        public init(current: CaseStatus, hasCompletedFollowUp: Bool) {
            self.current = current
            self.hasCompletedFollowUp = hasCompletedFollowUp
        }
    }

    /// What a permitted move records besides the new status.
    public enum Note: Equatable, Sendable {
        case none
        case reopen(reason: String)
        case closeWaiver(reason: String)
    }

    /// Checks a requested move and says what must be recorded with it.
    ///
    /// Forward moves may skip steps; going back is only a reopen, from resolved, confirmed or closed to
    /// investigating, with a reason; closing needs a completed follow-up or a waiver reason.
    /// - Throws: `InputError` naming `status` or `reason` when the move is not allowed.
    public static func check(
        moving context: Context,
        to target: CaseStatus,
        reason: String?
    ) throws -> Note {
        let reason = reason?.trimmingWhitespace()
        if let reason {
            try InputError.checkText(reason, field: "reason", maxLength: 1000)
        }
        let current = context.current
        if target == current {
            throw InputError(field: "status", "the case is already \(current.rawValue)")
        }
        if target < current {
            guard target == .investigating, CaseStatus.reopenable.contains(current) else {
                throw InputError(
                    field: "status",
                    "cannot go back from \(current.rawValue) to \(target.rawValue); only a reopen from resolved, confirmed or closed to investigating goes back"
                )
            }
            guard let reason, !reason.isEmpty else {
                throw InputError(field: "reason", "a reopen needs a reason")
            }
            return .reopen(reason: reason)
        }
        if target == .closed && !context.hasCompletedFollowUp {
            guard let reason, !reason.isEmpty else {
                throw InputError(field: "reason", "closing needs a completed follow-up or a waiver reason")
            }
            return .closeWaiver(reason: reason)
        }
        return .none
    }
}
