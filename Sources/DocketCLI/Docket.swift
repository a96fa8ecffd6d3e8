import ArgumentParser

/// The `docket` command: one binary for the daemon and for every admin and case-handling task.
struct Docket: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docket",
        abstract: "Complaint cases kept consistent across branch offices, online or offline.",
        subcommands: [
            Init.self,
            CaseCommand.self,
            CustomerCommand.self,
            History.self,
            Conflicts.self,
            Export.self,
            Import.self,
            VectorCommand.self,
            Rebuild.self,
            Backup.self,
            DigestCommand.self,
            Serve.self,
            Certs.self,
            Status.self,
            Peers.self,
            Verify.self,
            Doctor.self,
            Demo.self,
        ]
    )
}
