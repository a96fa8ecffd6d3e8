import ArgumentParser
import DocketCore

struct CustomerList: DocketCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List customers.")

    @OptionGroup var global: GlobalOptions

    func execute() throws {
        let (replica, _) = try self.global.openReplica()
        let customers = try replica.customers()
        if self.global.json {
            try printJSON(customers.map(CustomerDocument.init))
            return
        }
        var table = Table("id", "name", "salutation", "tier", "traits")
        for customer in customers {
            table.add(
                customer.id, customer.name ?? "-", customer.text("salutation") ?? "-", customer.tier?.rawValue ?? "-",
                customer.traits.joined(separator: ","))
        }
        print(table.render())
    }
}
