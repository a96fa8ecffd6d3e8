import ArgumentParser
import DocketCore
import DocketTLS
import Foundation

struct CertsIssue: DocketCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue",
        abstract: "Issue a certificate and key for NODE_ID, signed by the CA in --ca-dir.",
        discussion: "Issuing again for the same node into the same directory needs --force and replaces its certificate and key: that is a rotation, and peers accept the new one unchanged."
    )

    @Argument(help: "The node id the certificate names, e.g. sh-pudong.") var node: String
    @Option(name: .customLong("ca-dir"), help: "Directory holding ca.crt and ca.key.") var caDirectory: String
    @Option(help: "Directory for NODE_ID.crt, NODE_ID.key (mode 0600) and a copy of ca.crt.") var out: String
    @Option(parsing: .unconditional, help: "Validity in days.") var days: Int = 825
    @Flag(help: "Replace NODE_ID's certificate and key if they exist (rotation).") var force = false
    @Flag(help: "Print JSON for scripts.") var json = false

    /// The `--json` output: where the node's files were written.
    struct Document: Encodable {
        let certificate: String
        let key: String
        let ca: String
    }

    func execute() throws {
        let node = try NodeID(self.node)
        guard (1...3650).contains(self.days) else { throw InputError(field: "days", "\(self.days) is not between 1 and 3650") }
        let authority = CertificateAuthority(directory: self.caDirectory)
        guard FileManager.default.fileExists(atPath: authority.certificatePath),
            FileManager.default.fileExists(atPath: authority.privateKeyPath)
        else { throw InputError(field: "ca-dir", "\(self.caDirectory) holds no ca.crt and ca.key ('docket certs ca' creates them)") }
        let caCertificate = FileManager.default.contents(atPath: authority.certificatePath)
        try CertificateOutput(directory: self.out, force: self.force).check(
            ["\(node.rawValue).crt", "\(node.rawValue).key", "ca.crt"], identical: caCertificate.map { ["ca.crt": $0] } ?? [:])
        let issued = try authority.issueNodeCertificate(nodeID: node.rawValue, in: self.out, validityDays: self.days)
        if self.json {
            try printJSON(
                Document(
                    certificate: issued.certificatePath, key: issued.privateKeyPath, ca: issued.caCertificatePath))
        } else {
            say("Issued \(node): \(issued.certificatePath) (key \(issued.privateKeyPath), mode 0600); CA copy \(issued.caCertificatePath)")
            say("In the node's config: [tls] ca = \"\(issued.caCertificatePath)\", certificate = \"\(issued.certificatePath)\", key = \"\(issued.privateKeyPath)\"")
        }
    }
}
