import ArgumentParser
import DocketCore

struct CaseCommit: DocketCommand {
    static let configuration = CommandConfiguration(commandName: "commit", abstract: "Record a promise made to the customer.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case reference or id.") var caseKey: String
    @Option(help: "What was promised.") var text: String
    @Option(help: "Who keeps the promise.") var owner: String
    @Option(parsing: .unconditional, help: "By when (e.g. 2026-11-25 18:00, +24h).") var due: String

    func execute() throws {
        let commitment = try Commitment(
            text: self.text, owner: self.owner, due: try TimeText.parseFuture(
                self.due, field: "due", now: currentMillis(), why: "a promise cannot be due before it is made"))
        let change = try LocalChange(self.global)
        let (message, operations) = try change.run { writer in
            let view = try writer.findCase(self.caseKey)
            let operation = try writer.commit([.append(entry: .commitment(commitment))], to: view.state.ref)
            return "\(view.ref ?? view.id): commitment \(operation.dot) due \(TimeText.display(commitment.due))"
        }
        try report(message, operations: operations, json: self.global.json)
    }
}
