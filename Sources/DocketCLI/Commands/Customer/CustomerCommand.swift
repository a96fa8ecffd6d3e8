import ArgumentParser
import DocketCore

struct CustomerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer",
        abstract: "Register and look up customers.",
        subcommands: [CustomerAdd.self, CustomerShow.self, CustomerSet.self, CustomerList.self, CustomerTrait.self]
    )
}

/// The JSON shape of a customer.
struct CustomerDocument: Encodable {
    let id: String
    let fields: [String: FieldValue]
    let traits: [String]
    let conflictedFields: [String]

    init(_ view: CustomerView) {
        self.id = view.id
        var fields: [String: FieldValue] = [:]
        for name in view.state.registers.keys { fields[name] = view.state.displayValue(of: name) }
        self.fields = fields
        self.traits = view.traits
        self.conflictedFields = view.conflictedFields
    }
}

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
            try writer.commit(
                try CaseDesk.tag(view.state, set: "traits", element: self.trait, remove: self.remove), to: view.state.ref)
        }
        try report("\(self.id): \(self.remove ? "removed" : "added") trait '\(self.trait)'", operations: operations, json: self.global.json)
    }
}
