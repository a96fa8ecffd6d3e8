import DocketTLS
import Foundation
import Testing

@Suite struct CertificateAuthorityTests {
    private func mode(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as! NSNumber).intValue & 0o777
    }

    @Test func issuedNodeCertificateIsVerifiedByOpenSSLAndNamesTheNode() async throws {
        let pki = try TestPKI()
        let node = try pki.issue("sh-pudong")
        #expect(try self.mode(of: pki.authority.privateKeyPath) == 0o600)
        #expect(try self.mode(of: node.privateKeyPath) == 0o600)
        #expect(try self.mode(of: node.certificatePath) == 0o644)

        let verify = try await runOpenSSL(
            ["verify", "-CAfile", node.caCertificatePath, node.certificatePath],
            in: pki.root.path
        )
        #expect(verify.status == 0, "\(verify.output)")
        let text = try await runOpenSSL(["x509", "-in", node.certificatePath, "-noout", "-text"], in: pki.root.path)
        #expect(text.output.contains("Subject: CN = sh-pudong"))
        #expect(text.output.contains("DNS:sh-pudong"))
        #expect(text.output.contains("TLS Web Server Authentication, TLS Web Client Authentication"))
        #expect(text.output.contains("CA:FALSE"))
        let keyCheck = try await runOpenSSL(
            ["pkey", "-in", node.privateKeyPath, "-noout", "-check"],
            in: pki.root.path
        )
        #expect(keyCheck.status == 0, "\(keyCheck.output)")
    }

    @Test func fingerprintMatchesOpenSSLs() async throws {
        let pki = try TestPKI()
        let node = try pki.issue("node-a")
        let ours = try CertificateFingerprint.sha256(ofPEMFile: node.certificatePath)
        let theirs = try await runOpenSSL(
            ["x509", "-in", node.certificatePath, "-noout", "-fingerprint", "-sha256"],
            in: pki.root.path
        )
        let hex = theirs.output.split(separator: "=").last!.filter { $0.isHexDigit }.lowercased()
        #expect(ours == hex)
    }

    @Test func existingCAIsNeverReplaced() throws {
        let pki = try TestPKI()
        let before = try String(contentsOfFile: pki.authority.privateKeyPath, encoding: .utf8)
        #expect {
            try CertificateAuthority.create(in: pki.path("ca"))
        } throws: { ($0 as? TLSError)?.code == .certificateIssuanceFailed }
        #expect(try String(contentsOfFile: pki.authority.privateKeyPath, encoding: .utf8) == before)
    }

    @Test(arguments: ["", "Node-A", "node_a", "-node", "node-", String(repeating: "a", count: 64), "a b"])
    func invalidNodeIDsAreRefused(_ nodeID: String) throws {
        let pki = try TestPKI()
        #expect {
            try pki.issue(nodeID)
        } throws: { ($0 as? TLSError)?.code == .certificateIssuanceFailed }
    }

    @Test func developmentCertificatesAreCreatedOnceAndUsable() throws {
        let pki = try TestPKI()
        let directory = pki.path("data/tls")
        let first = try DevelopmentCertificates.ensure(in: directory, nodeID: "dev-node")
        #expect(first.wasCreated)
        let fingerprint = try CertificateFingerprint.sha256(ofPEMFile: first.node.certificatePath)
        let second = try DevelopmentCertificates.ensure(in: directory, nodeID: "dev-node")
        #expect(!second.wasCreated)
        #expect(try CertificateFingerprint.sha256(ofPEMFile: second.node.certificatePath) == fingerprint)
        let context = try TLSContext(configuration: second.tlsConfiguration)
        #expect(context.localIdentity.nodeID == "dev-node")
        #expect(try self.mode(of: directory) == 0o700)
        #expect(try self.mode(of: second.node.privateKeyPath) == 0o600)
        // A missing node certificate is reissued from the existing development CA.
        try FileManager.default.removeItem(atPath: second.node.certificatePath)
        let third = try DevelopmentCertificates.ensure(in: directory, nodeID: "dev-node")
        #expect(third.wasCreated)
        #expect(try CertificateFingerprint.sha256(ofPEMFile: third.node.certificatePath) != fingerprint)
    }
}
