import ArgumentParser

struct CustomerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer",
        abstract: "Register and look up customers.",
        subcommands: [CustomerAdd.self, CustomerShow.self, CustomerSet.self, CustomerList.self, CustomerTrait.self]
    )
}
