import ArgumentParser
import DocketCore

/// The `docket` command: one binary for the daemon and for every admin and case-handling task.
struct Docket: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docket",
        abstract: "Complaint cases kept consistent across branch offices, online or offline.",
        discussion: """
            The replica lives in the data directory: --data-dir, else $DOCKET_DATA_DIR, else \
            $XDG_DATA_HOME/docket, else ~/.local/share/docket. Changes are recorded under a staff id: --as, else $DOCKET_STAFF, else $USER. \
            Every command takes --json to print JSON for scripts instead of tables. \
            Shell completions: docket --generate-completion-script bash|zsh|fish.
            """,
        version: DocketVersion.current,
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
            Recovery.self,
            Serve.self,
            Certs.self,
            Status.self,
            Peers.self,
            Verify.self,
            Doctor.self,
            Demo.self,
            VersionCommand.self,
        ]
    )
}
