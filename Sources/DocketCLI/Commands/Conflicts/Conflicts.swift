import ArgumentParser

struct Conflicts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "See and resolve fields that offices changed concurrently.",
        subcommands: [ConflictsList.self, ConflictsShow.self, ConflictsResolve.self],
        defaultSubcommand: ConflictsList.self
    )
}
