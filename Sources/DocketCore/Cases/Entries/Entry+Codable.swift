/// Entries are encoded as `{"kind": …, "body": {…}}` so that the log and the `entries` table read plainly in SQL.
extension Entry {
    private enum CodingKeys: String, CodingKey { case kind, body }
    private struct Reason: Codable { let reason: String }

    /// Reads a typed entry when this build knows the kind and can read its body, and keeps it as
    /// `.untyped` otherwise, so an entry a newer Docket wrote is neither refused nor changed here.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        if let typed = try? Self.typed(kind, in: container) {
            self = typed
        } else {
            self = .untyped(kind: kind, body: try container.decode(JSONValue.self, forKey: .body))
        }
    }

    private static func typed(_ kind: String, in container: KeyedDecodingContainer<CodingKeys>) throws -> Entry {
        switch kind {
        case "handoff": .handoff(try container.decode(Handoff.self, forKey: .body))
        case "acceptance": .acceptance(try container.decode(HandoffAcceptance.self, forKey: .body))
        case "contact": .contact(try container.decode(ContactLog.self, forKey: .body))
        case "commitment": .commitment(try container.decode(Commitment.self, forKey: .body))
        case "fulfilment": .fulfilment(try container.decode(Fulfilment.self, forKey: .body))
        case "follow_up_plan": .followUpPlan(try container.decode(FollowUpPlan.self, forKey: .body))
        case "follow_up": .followUp(try container.decode(FollowUp.self, forKey: .body))
        case "reopen": .reopen(reason: try container.decode(Reason.self, forKey: .body).reason)
        case "close_waiver": .closeWaiver(reason: try container.decode(Reason.self, forKey: .body).reason)
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container, debugDescription: "no type for entry kind '\(kind)'")
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
        case .untyped(_, let body): try container.encode(body, forKey: .body)
        }
    }
}
