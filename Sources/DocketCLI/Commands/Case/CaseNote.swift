import ArgumentParser
import DocketCore

struct CaseNote: DocketCommand {
    static let configuration = CommandConfiguration(commandName: "note", abstract: "Log a conversation with the customer.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case reference or id.") var caseKey: String
    @Option(help: "How the conversation happened: phone, in_person, online, email, social, letter, hotline.") var channel: String
    @Option(name: .customLong("participant"), help: "Someone who took part (repeat for each).") var participants: [String] = []
    @Option(help: "What the customer asked for.") var demand: String
    @Option(help: "The key issues discussed.") var issues: String
    @Option(help: "What was agreed.") var outcome: String
    @Option(parsing: .unconditional, help: "When it took place (default: now).") var at: String = "now"
    @Option(name: .customLong("todo"), parsing: .unconditionalSingleValue, help: "A follow-on task as OWNER|DUE|PLAN (DUE may be empty); repeat for each.")
    var todos: [String] = []

    func execute() throws {
        let now = currentMillis()
        let todos = try self.todos.map { text -> ContactLog.Todo in
            let parts = text.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3 else { throw InputError(field: "todo", "'\(text)' is not OWNER|DUE|PLAN") }
            let due = parts[1].isEmpty ? nil : try TimeText.parseFuture(
                parts[1], field: "todo.due", now: now, why: "a task cannot be due before it is set")
            return try ContactLog.Todo(owner: parts[0], due: due, plan: parts[2])
        }
        let contact = try ContactLog(
            at: try TimeText.parse(self.at, field: "at", now: now),
            channel: try Channel(parsing: self.channel, field: "channel"),
            participants: self.participants, customerDemand: self.demand, keyIssues: self.issues,
            outcome: self.outcome, todos: todos)
        let change = try LocalChange(self.global)
        let (message, operations) = try change.run { writer in
            let view = try writer.findCase(self.caseKey)
            let operation = try writer.commit([.append(entry: .contact(contact))], to: view.state.ref)
            return "\(view.ref ?? view.id): contact logged as \(operation.dot)"
        }
        try report(message, operations: operations, json: self.global.json)
    }
}
