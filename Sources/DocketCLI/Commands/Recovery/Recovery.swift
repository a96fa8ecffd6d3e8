import ArgumentParser

struct Recovery: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recovery",
        abstract: "See or end the recovery of a replica restored from a backup.",
        discussion: """
            A replica restored from 'docket backup' refuses local writes until it has taken back, from peers or \
            files, the operations this office wrote after the backup: writing again under their sequence numbers \
            would give the network two histories for one office.
            """,
        subcommands: [RecoveryShow.self, RecoveryFinish.self],
        defaultSubcommand: RecoveryShow.self
    )
}
