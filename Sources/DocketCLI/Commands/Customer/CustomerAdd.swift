import ArgumentParser
import DocketCore

struct CustomerAdd: DocketCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Register a customer.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Full name.") var name: String
    @Option(help: "Phone number.") var phone: String?
    @Option(help: "Email address.") var email: String?
    @Option(help: "How they want to be addressed, e.g. 李总.") var salutation: String?
    @Option(help: "vip, gold, silver, regular (default: regular).") var tier: String?
    @Option(help: "Free notes.") var notes: String?
    @Option(name: .customLong("trait"), help: "A trait tag such as 价格敏感型 (repeat for each).") var traits: [String] = []

    func execute() throws {
        var changes = try CustomerDesk.add(
            name: self.name, phone: self.phone, email: self.email, salutation: self.salutation,
            tier: try self.tier.map { try Tier(parsing: $0, field: "tier") }, notes: self.notes)
        for trait in self.traits {
            try RecordSchema.customer.validate(element: trait, in: "traits")
            changes.append(.add(set: "traits", element: trait))
        }
        let change = try LocalChange(self.global)
        let (id, operations) = try change.run { writer in
            let record = RecordRef.created(by: writer.nextDot, kind: .customer)
            try writer.commit(changes, to: record)
            return record.id
        }
        try report("Added customer \(id)", operations: operations, json: self.global.json)
    }
}
