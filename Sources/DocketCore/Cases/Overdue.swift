/// What is late on a case at a given moment. Computed when read, never stored or replicated, so it is
/// always relative to the reader's clock and the reader's configured targets.
public struct Overdue: Equatable, Sendable {
    /// Still `received` past the level's response target.
    public var response: Bool = false
    /// Not yet resolved past the level's resolution target.
    public var resolution: Bool = false
    /// Commitments past due with no fulfilment.
    public var commitments: [Dot] = []
    /// A resolved case whose planned follow-up call is past its time with no follow-up done.
    public var followUp: Bool = false

    public var isOverdue: Bool { self.response || self.resolution || !self.commitments.isEmpty || self.followUp }

    /// Short labels for listings, e.g. `response,commitment`.
    public var labels: [String] {
        var labels: [String] = []
        if self.response { labels.append("response") }
        if self.resolution { labels.append("resolution") }
        if !self.commitments.isEmpty { labels.append("commitment") }
        if self.followUp { labels.append("follow_up") }
        return labels
    }

    public init() {}

    /// Evaluates `view` at `now` (epoch milliseconds) against `targets`.
    public init(_ view: CaseView, now: Int64, targets: ServiceTargets) {
        let entries = view.entries
        if let status = view.status, let level = view.level, let openedAt = view.openedAt {
            let target = targets[level]
            self.response = status == .received && now > openedAt + target.respondSeconds * 1000
            self.resolution = status.isOpen && now > openedAt + target.resolveSeconds * 1000
        }
        let fulfilled = Set(entries.compactMap { record -> Dot? in
            if case .fulfilment(let fulfilment) = record.entry { return fulfilment.commitment }
            return nil
        })
        self.commitments = entries.compactMap { record in
            if case .commitment(let commitment) = record.entry, commitment.due < now, !fulfilled.contains(record.dot) {
                return record.dot
            }
            return nil
        }
        let plans = entries.compactMap { record -> Int64? in
            if case .followUpPlan(let plan) = record.entry { return plan.scheduledFor }
            return nil
        }
        // Only a resolved case waits for its follow-up call; a reopened one is being worked again.
        if let earliest = plans.min(), !view.hasCompletedFollowUp, view.status == .resolved {
            self.followUp = now > earliest
        }
    }
}
