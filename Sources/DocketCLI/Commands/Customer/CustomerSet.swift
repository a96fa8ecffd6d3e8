import ArgumentParser
import DocketCore

struct CustomerSet: DocketCommand {
    static let configuration = CommandConfiguration(commandName: "set", abstract: "Change a customer's field.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The customer id.") var id: String
    @Argument(help: "name, phone, email, salutation, tier or notes.") var field: String
    @Argument(help: "The new value.") var value: String

    func execute() throws {
        let changes = try CustomerDesk.set([(self.field, .text(self.value))])
        let change = try LocalChange(self.global)
        let (_, operations) = try change.run { writer in
            let view = try writer.findCustomer(self.id)
            try writer.commit(changes, to: view.state.ref)
        }
        try report("\(self.id): \(self.field) = \(self.value)", operations: operations, json: self.global.json)
    }
}
