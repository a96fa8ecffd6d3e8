import ArgumentParser
import DocketCore

struct VersionCommand: DocketCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print Docket's version (the same as 'docket --version')."
    )

    @Flag(help: "Print JSON for scripts.") var json = false

    /// The `--json` output.
    struct Document: Encodable {
        let version: String
    }

    func execute() throws {
        if self.json {
            try printJSON(Document(version: DocketVersion.current))
        } else {
            print(DocketVersion.current)
        }
    }
}
