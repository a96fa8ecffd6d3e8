/// Entries are encoded as `{"kind": …, "body": {…}}` so that the log and the `entries` table read plainly in SQL.
extension Entry {
    private enum CodingKeys: String, CodingKey { case kind, body }
    private struct Reason: Codable { let reason: String }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "handoff": self = .handoff(try container.decode(Handoff.self, forKey: .body))
        case "acceptance": self = .acceptance(try container.decode(HandoffAcceptance.self, forKey: .body))
        case "contact": self = .contact(try container.decode(ContactLog.self, forKey: .body))
        case "commitment": self = .commitment(try container.decode(Commitment.self, forKey: .body))
        case "fulfilment": self = .fulfilment(try container.decode(Fulfilment.self, forKey: .body))
        case "follow_up_plan": self = .followUpPlan(try container.decode(FollowUpPlan.self, forKey: .body))
        case "follow_up": self = .followUp(try container.decode(FollowUp.self, forKey: .body))
        case "reopen": self = .reopen(reason: try container.decode(Reason.self, forKey: .body).reason)
        case "close_waiver": self = .closeWaiver(reason: try container.decode(Reason.self, forKey: .body).reason)
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind,
                in: container,
                debugDescription: "unknown entry kind '\(kind)'"
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.kind, forKey: .kind)
        switch self {
        case .handoff(let body): try container.encode(body, forKey: .body)
        case .acceptance(let body): try container.encode(body, forKey: .body)
        case .contact(let body): try container.encode(body, forKey: .body)
        case .commitment(let body): try container.encode(body, forKey: .body)
        case .fulfilment(let body): try container.encode(body, forKey: .body)
        case .followUpPlan(let body): try container.encode(body, forKey: .body)
        case .followUp(let body): try container.encode(body, forKey: .body)
        case .reopen(let reason), .closeWaiver(let reason): try container.encode(Reason(reason: reason), forKey: .body)
        }
    }
}
