/// An append-only fact about a case. Entries are never edited and never conflict: replicas keep the
/// grow-only set of them, keyed by the dot of the operation that carried them.
public enum Entry: Hashable, Sendable, Codable {
    case handoff(Handoff)
    case acceptance(HandoffAcceptance)
    case contact(ContactLog)
    case commitment(Commitment)
    case fulfilment(Fulfilment)
    case followUpPlan(FollowUpPlan)
    case followUp(FollowUp)
    /// Why a resolved, confirmed or closed case went back to investigating.
    case reopen(reason: String)
    /// Why a case was closed without a completed follow-up.
    case closeWaiver(reason: String)

    /// The kind's name in the `entries` table and in listings.
    public var kind: String {
        switch self {
        case .handoff: "handoff"
        case .acceptance: "acceptance"
        case .contact: "contact"
        case .commitment: "commitment"
        case .fulfilment: "fulfilment"
        case .followUpPlan: "follow_up_plan"
        case .followUp: "follow_up"
        case .reopen: "reopen"
        case .closeWaiver: "close_waiver"
        }
    }
}
