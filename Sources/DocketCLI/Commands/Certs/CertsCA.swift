import ArgumentParser
import DocketCore
import DocketTLS
import Foundation

struct CertsCA: DocketCommand {
    static let configuration = CommandConfiguration(
        commandName: "ca",
        abstract: "Create an organisation CA: ca.crt and ca.key (mode 0600) in --out."
    )

    @Option(help: "Directory for ca.crt and ca.key; keep ca.key offline once nodes are issued.") var out: String
    @Option(help: "The CA's name.") var name: String = "Docket Organisation CA"
    @Option(parsing: .unconditional, help: "Validity in days.") var days: Int = 3650
    @Flag(help: "Print JSON for scripts.") var json = false

    /// The `--json` output: where the CA's files were written.
    struct Document: Encodable {
        let certificate: String
        let key: String
    }

    func execute() throws {
        guard (1...36500).contains(self.days) else { throw InputError(field: "days", "\(self.days) is not between 1 and 36500") }
        try InputError.checkText(self.name, field: "name", maxLength: 64)
        // A CA is never replaced (every certificate it signed would stop being trusted), so there is no --force.
        try CertificateOutput(directory: self.out, force: false, neverReplaced: true).check(["ca.crt", "ca.key"])
        let authority = try CertificateAuthority.create(in: self.out, name: self.name, validityDays: self.days)
        if self.json {
            try printJSON(Document(certificate: authority.certificatePath, key: authority.privateKeyPath))
        } else {
            say("Created CA '\(self.name)': \(authority.certificatePath) (key \(authority.privateKeyPath), mode 0600)")
        }
    }
}
