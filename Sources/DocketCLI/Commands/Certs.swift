import ArgumentParser
import DocketCore
import DocketTLS
import Foundation

struct Certs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create the organisation CA and issue node certificates (see deploy/certificates.md).",
        subcommands: [CertsCA.self, CertsIssue.self, CertsShow.self]
    )
}

struct CertsCA: DocketCommand {
    static let configuration = CommandConfiguration(
        commandName: "ca",
        abstract: "Create an organisation CA: ca.crt and ca.key (mode 0600) in --out."
    )

    @Option(help: "Directory for ca.crt and ca.key; keep ca.key offline once nodes are issued.") var out: String
    @Option(help: "The CA's name.") var name: String = "Docket Organisation CA"
    @Option(help: "Validity in days.") var days: Int = 3650
    @Flag(help: "Print JSON for scripts.") var json = false

    func execute() throws {
        guard (1...36500).contains(self.days) else { throw InputError(field: "days", "\(self.days) is not between 1 and 36500") }
        try InputError.checkText(self.name, field: "name", maxLength: 64)
        let authority = try CertificateAuthority.create(in: self.out, name: self.name, validityDays: self.days)
        if self.json {
            try printJSON(["certificate": authority.certificatePath, "key": authority.privateKeyPath])
        } else {
            print("Created CA '\(self.name)': \(authority.certificatePath) (key \(authority.privateKeyPath), mode 0600)")
        }
    }
}

struct CertsIssue: DocketCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue",
        abstract: "Issue a certificate and key for NODE_ID, signed by the CA in --ca-dir.",
        discussion: "Issuing again for the same node replaces its certificate and key: that is a rotation, and peers accept the new one unchanged."
    )

    @Argument(help: "The node id the certificate names, e.g. sh-pudong.") var node: String
    @Option(name: .customLong("ca-dir"), help: "Directory holding ca.crt and ca.key.") var caDirectory: String
    @Option(help: "Directory for NODE_ID.crt, NODE_ID.key (mode 0600) and a copy of ca.crt.") var out: String
    @Option(help: "Validity in days.") var days: Int = 825
    @Flag(help: "Print JSON for scripts.") var json = false

    func execute() throws {
        let node = try NodeID(self.node)
        guard (1...3650).contains(self.days) else { throw InputError(field: "days", "\(self.days) is not between 1 and 3650") }
        let authority = CertificateAuthority(directory: self.caDirectory)
        guard FileManager.default.fileExists(atPath: authority.certificatePath),
            FileManager.default.fileExists(atPath: authority.privateKeyPath)
        else { throw InputError(field: "ca-dir", "\(self.caDirectory) holds no ca.crt and ca.key ('docket certs ca' creates them)") }
        let issued = try authority.issueNodeCertificate(nodeID: node.rawValue, in: self.out, validityDays: self.days)
        if self.json {
            try printJSON(["certificate": issued.certificatePath, "key": issued.privateKeyPath, "ca": issued.caCertificatePath])
        } else {
            print("Issued \(node): \(issued.certificatePath) (key \(issued.privateKeyPath), mode 0600); CA copy \(issued.caCertificatePath)")
            print("In the node's config: [tls] ca = \"\(issued.caCertificatePath)\", certificate = \"\(issued.certificatePath)\", key = \"\(issued.privateKeyPath)\"")
        }
    }
}

struct CertsShow: DocketCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a certificate's node id, expiry and SHA-256 fingerprint (what a revocation list names)."
    )

    @Argument(help: "A PEM certificate file.") var file: String
    @Flag(help: "Print JSON for scripts.") var json = false

    func execute() throws {
        let identity = try PeerIdentity(certificateFile: self.file)
        let expires = identity.certificateNotAfter.map { TimeText.display(Int64($0.timeIntervalSince1970 * 1000)) } ?? "-"
        if self.json {
            try printJSON(["node": identity.nodeID, "expires": expires, "sha256": identity.certificateFingerprint])
        } else {
            print("node       \(identity.nodeID)")
            print("expires    \(expires)")
            print("sha256     \(identity.certificateFingerprint)")
        }
    }
}
