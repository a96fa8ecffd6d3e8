import ArgumentParser
import DocketTLS
import Foundation

struct CertsShow: DocketCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a certificate's node id, expiry and SHA-256 fingerprint (what a revocation list names)."
    )

    @Argument(help: "A PEM certificate file.") var file: String
    @Flag(help: "Print JSON for scripts.") var json = false

    /// The `--json` output.
    struct Document: Encodable {
        let node: String
        /// Null when the certificate names no expiry.
        let expires: Date?
        let sha256: String
    }

    func execute() throws {
        let identity = try PeerIdentity(certificateFile: self.file)
        let expires = identity.certificateNotAfter.map { TimeText.display(Int64($0.timeIntervalSince1970 * 1000)) } ?? "-"
        if self.json {
            try printJSON(Document(node: identity.nodeID, expires: identity.certificateNotAfter, sha256: identity.certificateFingerprint))
        } else {
            say("node       \(identity.nodeID)")
            say("expires    \(expires)")
            say("sha256     \(identity.certificateFingerprint)")
        }
    }
}
