import ArgumentParser
import DocketCore

struct CustomerTrait: DocketCommand {
    static let configuration = CommandConfiguration(commandName: "trait", abstract: "Add or remove a customer trait.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The customer id.") var id: String
    @Argument(help: "The trait, e.g. 技术优先型.") var trait: String
    @Flag(help: "Remove instead of add.") var remove = false

    func execute() throws {
        let change = try LocalChange(self.global)
        let (_, operations) = try change.run { writer in
            let view = try writer.findCustomer(self.id)
            let changes = try CaseDesk.tag(
                view.state, set: "traits", element: self.trait, remove: self.remove, knowing: writer.schema)
            try writer.commit(changes, to: view.state.ref)
        }
        try report("\(self.id): \(self.remove ? "removed" : "added") trait '\(self.trait)'", operations: operations, json: self.global.json)
    }
}
