import DocketCore
import DocketStore

/// Human-readable renderings of a case.
enum CaseText {
    static let fieldOrder = [
        "customer", "status", "level", "channel", "category", "motive", "emotion", "department", "owner",
        "summary", "details", "explicit_demand", "implicit_need", "remedy", "origin_office", "opened_by", "opened_at",
    ]

    /// - Parameter schema: what this office knows; anything else is shown raw and marked (`NewerText`).
    static func render(_ view: CaseView, overdue: Overdue, customerName: String?, schema: DocketSchema) -> String {
        var lines: [String] = []
        lines.append(TerminalText.escaped("\(view.ref ?? "(reference not yet received)")  \(view.summary ?? "")"))
        var table = Table("field", "value")
        table.add("id", view.id)
        // The fields this build lays out, then those its schema adds, then those only a newer Docket knows.
        let added = schema.caseRecord.fields.map(\.name).filter { !Self.fieldOrder.contains($0) && $0 != "ref" }
        let newer = view.state.registers.keys.filter { !schema.knows(field: $0, of: .case) }.sorted()
        for field in Self.fieldOrder + added + newer {
            guard let register = view.state.registers[field] else { continue }
            let shown = view.state.displayValue(of: field)
            var value = field == "opened_at" ? view.openedAt.map(TimeText.display) ?? "-" : shown.display
            if !schema.knows(shown, in: field, of: .case) { value = NewerText.marked(NewerText.raw(shown)) }
            if field == "customer", let customerName { value += "  \(customerName)" }
            if register.isConflicted {
                value += "  [CONFLICT: \(register.distinctValues.count) values; docket conflicts show \(view.ref ?? view.id)]"
            }
            table.add(field, value)
        }
        let newerSets = view.state.sets.keys.filter { !schema.knows(set: $0, of: .case) }.sorted()
        for set in ["tags", "feedback_dims"] + newerSets {
            let elements = view.state.sets[set]?.elements ?? []
            guard schema.knows(set: set, of: .case) else {
                table.add(set, NewerText.marked(JSONValue.array(elements.map(JSONValue.string)).compactText))
                continue
            }
            table.add(set, elements.map { schema.knows(element: $0, in: set, of: .case) ? $0 : NewerText.marked($0) }
                .joined(separator: ", "))
        }
        if overdue.isOverdue { table.add("overdue", overdue.labels.joined(separator: ", ")) }
        lines.append(table.render())
        let entries = view.entries
        if !entries.isEmpty {
            lines.append("")
            lines.append("Entries:")
            for record in entries {
                let when = TimeText.display(record.timestamp)
                lines.append(TerminalText.escaped(
                    "  \(when)  \(record.dot)  \(record.author)  \(Self.describe(record.entry, schema: schema))"))
            }
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ entry: Entry, schema: DocketSchema = .running) -> String {
        switch entry {
        case .handoff(let handoff):
            "handoff \(handoff.fromDepartment)/\(handoff.fromOwner) → \(handoff.toDepartment)/\(handoff.toOwner)"
                + " | reason: \(handoff.reason) | customer background: \(handoff.customerBackground)"
                + " | problem details: \(handoff.problemDetails) | measures taken: \(handoff.measuresTaken)"
        case .acceptance(let acceptance):
            "accepted handoff \(acceptance.handoff)" + (acceptance.note.isEmpty ? "" : ": \(acceptance.note)")
        case .contact(let contact):
            "contact \(TimeText.display(contact.at)) via \(contact.channel.rawValue) with \(contact.participants.joined(separator: ", "))"
                + " | demand: \(contact.customerDemand) | issues: \(contact.keyIssues) | outcome: \(contact.outcome)"
                + contact.todos.map { " | todo \($0.owner): \($0.plan)" + ($0.due.map { " by \(TimeText.display($0))" } ?? "") }
                .joined()
        case .commitment(let commitment):
            "commitment by \(commitment.owner), due \(TimeText.display(commitment.due)): \(commitment.text)"
        case .fulfilment(let fulfilment):
            "fulfilled \(fulfilment.commitment)" + (fulfilment.note.isEmpty ? "" : ": \(fulfilment.note)")
        case .followUpPlan(let plan):
            "follow-up planned for \(TimeText.display(plan.scheduledFor))"
        case .followUp(let followUp):
            "follow-up \(followUp.result.rawValue), score \(followUp.score)" + (followUp.comment.isEmpty ? "" : ": \(followUp.comment)")
        case .reopen(let reason):
            "reopened: \(reason)"
        case .closeWaiver(let reason):
            "closed without follow-up: \(reason)"
        case .untyped:
            NewerText.shaped(entry, in: schema) ?? NewerText.marked(NewerText.raw(entry))
        }
    }
}
