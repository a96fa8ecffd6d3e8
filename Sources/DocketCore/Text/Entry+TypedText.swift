extension Entry {
    /// The entry with each piece of text a person typed passed through `rewrite`, rebuilt through its
    /// initializer so the ordinary checks run on the result.
    ///
    /// The limits here are those the entries' initializers enforce, or the kind's shape in `shapes`.
    func rewritingTypedText(
        shapes: [String: EntryShape],
        _ rewrite: (TypedText.Field) throws -> String
    ) throws -> Entry {
        func typed(_ name: String, _ text: String, _ maxLength: Int) throws -> String {
            try rewrite(TypedText.Field(name, text, maxLength: maxLength))
        }
        switch self {
        case .handoff(let handoff):
            return .handoff(try Handoff(
                fromDepartment: handoff.fromDepartment, fromOwner: handoff.fromOwner,
                toDepartment: try typed("to_department", handoff.toDepartment, 100),
                toOwner: try typed("to_owner", handoff.toOwner, 100),
                reason: try typed("reason", handoff.reason, 1000),
                customerBackground: try typed("customer_background", handoff.customerBackground, 4000),
                problemDetails: try typed("problem_details", handoff.problemDetails, 4000),
                measuresTaken: try typed("measures_taken", handoff.measuresTaken, 4000)))
        case .acceptance(let acceptance):
            return .acceptance(try HandoffAcceptance(
                handoff: acceptance.handoff, note: try typed("note", acceptance.note, 1000)))
        case .contact(let contact):
            return .contact(try contact.rewritingTypedText(rewrite))
        case .commitment(let commitment):
            return .commitment(try Commitment(
                text: try typed("text", commitment.text, 2000), owner: try typed("owner", commitment.owner, 100),
                due: commitment.due))
        case .fulfilment(let fulfilment):
            return .fulfilment(try Fulfilment(
                commitment: fulfilment.commitment, note: try typed("note", fulfilment.note, 2000)))
        case .followUpPlan:
            return self
        case .followUp(let followUp):
            return .followUp(try FollowUp(
                doneAt: followUp.doneAt, result: followUp.result, score: followUp.score,
                comment: try typed("comment", followUp.comment, 2000)))
        case .reopen(let reason):
            return .reopen(reason: try typed("reason", reason, 1000))
        case .closeWaiver(let reason):
            return .closeWaiver(reason: try typed("reason", reason, 1000))
        case .untyped(let kind, .object(var members)):
            // Validation refuses a kind without a shape; only a shape says which members are typed text.
            guard let shape = shapes[kind] else { return self }
            for member in shape.members {
                guard let text = members[member.name]?.string else { continue }
                members[member.name] = .string(try typed("\(kind).\(member.name)", text, member.maxLength))
            }
            return .untyped(kind: kind, body: .object(members))
        case .untyped:
            return self
        }
    }
}

extension ContactLog {
    fileprivate func rewritingTypedText(_ rewrite: (TypedText.Field) throws -> String) throws -> ContactLog {
        func typed(_ name: String, _ text: String, _ maxLength: Int) throws -> String {
            try rewrite(TypedText.Field(name, text, maxLength: maxLength))
        }
        return try ContactLog(
            at: self.at, channel: self.channel,
            participants: try self.participants.map { try typed("participants", $0, 100) },
            customerDemand: try typed("customer_demand", self.customerDemand, 4000),
            keyIssues: try typed("key_issues", self.keyIssues, 4000),
            outcome: try typed("outcome", self.outcome, 4000),
            todos: try self.todos.map {
                try ContactLog.Todo(
                    owner: try typed("todo.owner", $0.owner, 100), due: $0.due,
                    plan: try typed("todo.plan", $0.plan, 1000))
            })
    }
}
