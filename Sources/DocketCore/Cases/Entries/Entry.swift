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
    /// An entry this build has no type for, kept as its kind and JSON body: a kind a newer Docket added, or
    /// a known kind whose body this build cannot read (a word it does not know). Whether the running
    /// schema still names the kind (`DocketSchema.entryShapes`) decides how it is validated and shown.
    case untyped(kind: String, body: JSONValue)

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
        case .untyped(let kind, _): kind
        }
    }
}
