import ArgumentParser

struct Certs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certs",
        abstract: "Create the organisation CA and issue node certificates (see deploy/certificates.md).",
        subcommands: [CertsCA.self, CertsIssue.self, CertsShow.self]
    )
}
