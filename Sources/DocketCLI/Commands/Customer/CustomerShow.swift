import ArgumentParser
import DocketCore

struct CustomerShow: DocketCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a customer.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The customer id.") var id: String

    func execute() throws {
        let (replica, _) = try self.global.openReplica()
        let view = try replica.customerView(self.id)
        if self.global.json {
            try printJSON(CustomerDocument(view))
            return
        }
        var table = Table("field", "value")
        table.add("id", view.id)
        for field in ["name", "salutation", "tier", "phone", "email", "notes"] {
            guard let register = view.state.registers[field] else { continue }
            let conflict = register.isConflicted ? "  [CONFLICT: \(register.distinctValues.count) values]" : ""
            table.add(field, view.state.displayValue(of: field).display + conflict)
        }
        table.add("traits", view.traits.joined(separator: ", "))
        print(table.render())
    }
}
