extension Entry {
    /// Runs the checks of the entry's own initializers again, or of its shape in `schema` for a kind
    /// defined by its shape alone.
    ///
    /// Decoding an operation from a file or a peer bypasses those initializers, and an entry no person here
    /// could have written (empty handoff context, control characters, a score of 9) must not be stored either.
    /// - Throws: `InputError` naming the offending field.
    func validate(knowing schema: DocketSchema) throws {
        switch self {
        case .handoff(let handoff):
            _ = try Handoff(
                fromDepartment: handoff.fromDepartment, fromOwner: handoff.fromOwner,
                toDepartment: handoff.toDepartment, toOwner: handoff.toOwner, reason: handoff.reason,
                customerBackground: handoff.customerBackground, problemDetails: handoff.problemDetails,
                measuresTaken: handoff.measuresTaken)
        case .acceptance(let acceptance):
            _ = try HandoffAcceptance(handoff: acceptance.handoff, note: acceptance.note)
        case .contact(let contact):
            for todo in contact.todos {
                _ = try ContactLog.Todo(owner: todo.owner, due: todo.due, plan: todo.plan)
            }
            _ = try ContactLog(
                at: contact.at, channel: contact.channel, participants: contact.participants,
                customerDemand: contact.customerDemand, keyIssues: contact.keyIssues, outcome: contact.outcome,
                todos: contact.todos)
        case .commitment(let commitment):
            _ = try Commitment(text: commitment.text, owner: commitment.owner, due: commitment.due)
        case .fulfilment(let fulfilment):
            _ = try Fulfilment(commitment: fulfilment.commitment, note: fulfilment.note)
        case .followUpPlan:
            break
        case .followUp(let followUp):
            _ = try FollowUp(
                doneAt: followUp.doneAt, result: followUp.result, score: followUp.score, comment: followUp.comment)
        case .reopen(let reason), .closeWaiver(let reason):
            try InputError.checkText(reason, field: "reason", maxLength: 1000)
        case .untyped(let kind, let body):
            if let shape = schema.entryShapes[kind] {
                try shape.validate(body, kind: kind)
            } else if DocketSchema.typedEntryKinds.contains(kind) {
                throw InputError(field: "entry", "the body of this '\(kind)' entry does not read as one")
            } else {
                let kinds = (DocketSchema.typedEntryKinds.union(schema.entryShapes.keys)).sorted()
                throw InputError(field: "entry", "'\(kind)' is not an entry kind (\(kinds.joined(separator: ", ")))")
            }
        }
    }
}
