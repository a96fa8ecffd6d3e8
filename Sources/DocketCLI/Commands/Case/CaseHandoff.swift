import ArgumentParser
import DocketCore
import DocketStore

struct CaseHandoff: DocketCommand {
    static let configuration = CommandConfiguration(
        commandName: "handoff",
        abstract: "Hand a case to another department and person, with the context they need.",
        discussion: "All three context fields are required, so the customer never has to repeat themselves."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case reference or id.") var caseKey: String
    @Option(name: .customLong("to-department"), help: "The receiving department.") var toDepartment: String
    @Option(name: .customLong("to-owner"), help: "The receiving first-responsible person.") var toOwner: String
    @Option(help: "Why the case moves.") var reason: String
    @Option(help: "Who the customer is and what matters to them.") var background: String
    @Option(name: .customLong("problem"), help: "The problem in detail.") var problem: String
    @Option(help: "What has been done so far.") var measures: String

    func execute() throws {
        let change = try LocalChange(self.global)
        let (ref, operations) = try change.run { writer in
            let view = try writer.findCase(self.caseKey)
            // Normalised before the desk compares them with where the case is now.
            let changes = try CaseDesk.handoff(
                view, toDepartment: TypedText.normalized(self.toDepartment),
                toOwner: TypedText.normalized(self.toOwner), reason: self.reason,
                customerBackground: self.background, problemDetails: self.problem, measuresTaken: self.measures)
            let operation = try writer.commit(changes, to: view.state.ref)
            return "\(view.ref ?? view.id): handed to \(self.toDepartment)/\(self.toOwner) as \(operation.dot)"
        }
        try report(ref, operations: operations, json: self.global.json)
    }
}
