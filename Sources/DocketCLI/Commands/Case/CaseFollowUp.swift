import ArgumentParser
import DocketCore

struct CaseFollowUp: DocketCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow-up",
        abstract: "Record a follow-up call, or plan one with --schedule."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case reference or id.") var caseKey: String
    @Option(parsing: .unconditional, help: "Plan the call for this time instead of recording one (e.g. +24h).") var schedule: String?
    @Option(help: "satisfied, partly, dissatisfied.") var result: String?
    @Option(parsing: .unconditional, help: "1 (very unhappy) to 5 (very happy).") var score: Int?
    @Option(help: "What the customer said.") var comment: String = ""
    @Option(parsing: .unconditional, help: "When the call took place (default: now).") var at: String = "now"

    func execute() throws {
        let now = currentMillis()
        let entry: Entry
        if let schedule = self.schedule {
            guard self.result == nil, self.score == nil else {
                throw InputError(field: "schedule", "plan a call or record one, not both")
            }
            entry = .followUpPlan(FollowUpPlan(scheduledFor: try TimeText.parseFuture(
                schedule, field: "schedule", now: now, why: "plan the call for a time still ahead")))
        } else {
            guard let result = self.result else { throw InputError(field: "result", "say how the call went: --result satisfied|partly|dissatisfied") }
            guard let score = self.score else { throw InputError(field: "score", "give a score from 1 to 5") }
            entry = .followUp(try FollowUp(
                doneAt: try TimeText.parse(self.at, field: "at", now: now),
                result: try FollowUpResult(parsing: result, field: "result"), score: score, comment: self.comment))
        }
        let change = try LocalChange(self.global)
        let (ref, operations) = try change.run { writer in
            let view = try writer.findCase(self.caseKey)
            try writer.commit([.append(entry: entry)], to: view.state.ref)
            return view.ref ?? view.id
        }
        try report("\(ref): \(CaseText.describe(entry))", operations: operations, json: self.global.json)
    }
}
