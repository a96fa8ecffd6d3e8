import DocketTLS
import Foundation

/// A temporary directory with an organisation CA, removed when the value goes away.
final class TestPKI {
    let root: URL
    let authority: CertificateAuthority

    init(caName: String = "Test Organisation CA") throws {
        self.root = FileManager.default.temporaryDirectory
            .appendingPathComponent("docket-tls-\(UUID().uuidString)")
        self.authority = try CertificateAuthority.create(in: self.root.appendingPathComponent("ca").path, name: caName)
    }

    deinit {
        try? FileManager.default.removeItem(at: self.root)
    }

    func path(_ name: String) -> String {
        self.root.appendingPathComponent(name).path
    }

    /// Issues a certificate for `nodeID` into its own directory (or `directory`).
    @discardableResult
    func issue(_ nodeID: String, directory: String? = nil, notBefore: Date? = nil, notAfter: Date? = nil) throws
        -> NodeCertificate
    {
        let target = directory ?? self.path("nodes/\(nodeID)")
        if let notBefore, let notAfter {
            return try self.authority.issueNodeCertificate(
                nodeID: nodeID,
                in: target,
                notBefore: notBefore,
                notAfter: notAfter
            )
        }
        return try self.authority.issueNodeCertificate(nodeID: nodeID, in: target)
    }

    /// A context for a freshly issued certificate of `nodeID`.
    func context(
        _ nodeID: String,
        revoked: Set<String> = [],
        handshakeTimeout: Duration = .seconds(10)
    ) throws -> TLSContext {
        let node = try self.issue(nodeID)
        return try self.context(for: node, revoked: revoked, handshakeTimeout: handshakeTimeout)
    }

    func context(for node: NodeCertificate, revoked: Set<String> = [], handshakeTimeout: Duration = .seconds(10)) throws
        -> TLSContext
    {
        var configuration = node.tlsConfiguration(revokedFingerprints: revoked)
        configuration.handshakeTimeout = .init(handshakeTimeout)
        return try TLSContext(configuration: configuration)
    }
}
