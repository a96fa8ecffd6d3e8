import DocketCore
import DocketTLS
import Foundation
import Testing

/// Chain-head signatures made with CA-issued node certificates and checked by `ChainVerifier`.
@Suite struct ChainSignatureTests {
    let pki: TestPKI
    let nodeA: NodeCertificate
    let signerA: ChainSigner
    let verifier: ChainVerifier
    let head = ChainHash(hashing: Array("the seventh operation".utf8))

    init() throws {
        self.pki = try TestPKI()
        self.nodeA = try self.pki.issue("node-a")
        self.signerA = try ChainSigner(node: self.nodeA)
        self.verifier = try ChainVerifier(caCertificatePath: self.pki.authority.certificatePath)
    }

    /// Verifies and returns the refusal, recording an issue unless it has `reason`.
    @discardableResult
    func expectRefusal(
        _ reason: ChainRefusal.Reason,
        _ signature: ChainSignature,
        _ certificate: SignerCertificate,
        verifier: ChainVerifier? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> ChainRefusal? {
        let refusal = #expect(throws: ChainRefusal.self, sourceLocation: sourceLocation) {
            try (verifier ?? self.verifier).verify(signature, certificate: certificate)
        }
        #expect(refusal?.reason == reason, "\(String(describing: refusal))", sourceLocation: sourceLocation)
        return refusal
    }

    @Test func signatureVerifiesAndNamesTheCertificate() throws {
        let signature = try self.signerA.sign(seq: 7, head: self.head)
        #expect(self.signerA.node == (try NodeID("node-a")))
        #expect(signature.origin == self.signerA.node)
        #expect(signature.seq == 7)
        #expect(signature.head == self.head)
        #expect(signature.certificate == self.signerA.certificate.fingerprint)
        #expect(
            self.signerA.certificate.fingerprint
                == (try CertificateFingerprint.sha256(ofPEMFile: self.nodeA.certificatePath))
        )
        try self.verifier.verify(signature, certificate: self.signerA.certificate)
        // The second check is answered from the cache and must agree.
        try self.verifier.verify(signature, certificate: self.signerA.certificate)
    }

    @Test func signerFromTheTransportConfigurationSignsForTheSameNode() throws {
        let signer = try ChainSigner(configuration: self.nodeA.tlsConfiguration())
        let verifier = try ChainVerifier(configuration: self.nodeA.tlsConfiguration())
        #expect(signer.node == self.signerA.node)
        #expect(signer.certificate == self.signerA.certificate)
        try verifier.verify(try signer.sign(seq: 1, head: .zero), certificate: signer.certificate)
    }

    @Test func changedHeadOrSeqIsABadSignature() throws {
        let signature = try self.signerA.sign(seq: 7, head: self.head)
        var otherHead = signature
        otherHead.head = ChainHash(hashing: Array("a different operation".utf8))
        self.expectRefusal(.badSignature, otherHead, self.signerA.certificate)
        var otherSeq = signature
        otherSeq.seq = 8
        self.expectRefusal(.badSignature, otherSeq, self.signerA.certificate)
        var flipped = signature
        flipped.signature[flipped.signature.count / 2] ^= 0x01
        self.expectRefusal(.badSignature, flipped, self.signerA.certificate)
        var empty = signature
        empty.signature = []
        self.expectRefusal(.badSignature, empty, self.signerA.certificate)
    }

    @Test func changedOriginWithThatOriginsCertificateIsABadSignature() throws {
        let signerB = try ChainSigner(node: try self.pki.issue("node-b"))
        var signature = try self.signerA.sign(seq: 7, head: self.head)
        signature.origin = signerB.node
        signature.certificate = signerB.certificate.fingerprint
        let refusal = self.expectRefusal(.badSignature, signature, signerB.certificate)
        #expect(refusal?.detail.contains("node-b seq 7") == true)
        #expect(refusal?.detail.contains(String(signerB.certificate.fingerprint.prefix(12))) == true)
    }

    @Test func certificateOfAnotherNodeIsTheWrongSigner() throws {
        let signerB = try ChainSigner(node: try self.pki.issue("node-b"))
        var signature = try signerB.sign(seq: 3, head: self.head)
        signature.origin = self.signerA.node
        let refusal = self.expectRefusal(.wrongSigner, signature, signerB.certificate)
        #expect(refusal?.detail.contains("names node-b") == true)
    }

    @Test func certificateFromAnotherCAIsUntrusted() throws {
        let otherPKI = try TestPKI(caName: "Another Organisation CA")
        let impostor = try ChainSigner(node: try otherPKI.issue("node-a"))
        let signature = try impostor.sign(seq: 7, head: self.head)
        let refusal = self.expectRefusal(.untrustedCertificate, signature, impostor.certificate)
        #expect(refusal?.detail.contains("unable to get local issuer certificate") == true)
        // The other CA accepts it, so the refusal is about trust, not the signature.
        let otherVerifier = try ChainVerifier(caCertificatePath: otherPKI.authority.certificatePath)
        try otherVerifier.verify(signature, certificate: impostor.certificate)
    }

    @Test func revokedCertificateIsRefusedAndReportedRevoked() throws {
        let fingerprint = self.signerA.certificate.fingerprint
        // Revocation lists may spell fingerprints as `openssl x509 -fingerprint` prints them.
        let spelled = stride(from: 0, to: fingerprint.count, by: 2).map { offset in
            let start = fingerprint.index(fingerprint.startIndex, offsetBy: offset)
            return fingerprint[start..<fingerprint.index(start, offsetBy: 2)].uppercased()
        }.joined(separator: ":")
        let verifier = try ChainVerifier(
            caCertificatePath: self.pki.authority.certificatePath,
            revokedFingerprints: [spelled]
        )
        #expect(verifier.isRevoked(fingerprint))
        #expect(verifier.isRevoked(spelled))
        #expect(!self.verifier.isRevoked(fingerprint))
        let signature = try self.signerA.sign(seq: 7, head: self.head)
        self.expectRefusal(.revokedCertificate, signature, self.signerA.certificate, verifier: verifier)
        // Stays refused once the certificate's chain check is cached.
        self.expectRefusal(.revokedCertificate, signature, self.signerA.certificate, verifier: verifier)
    }

    @Test func malformedRevokedFingerprintIsAConfigurationError() throws {
        #expect {
            try ChainVerifier(caCertificatePath: self.pki.authority.certificatePath, revokedFingerprints: ["abcd"])
        } throws: { ($0 as? TLSError)?.code == .configurationInvalid }
    }

    @Test func signatureNamingAnotherCertificateIsUnknown() throws {
        let signerB = try ChainSigner(node: try self.pki.issue("node-b"))
        let signature = try self.signerA.sign(seq: 7, head: self.head)
        self.expectRefusal(.unknownCertificate, signature, signerB.certificate)
        // A certificate whose fingerprint field does not hash its bytes is not the one named either.
        var mislabelled = signerB.certificate
        mislabelled.fingerprint = self.signerA.certificate.fingerprint
        self.expectRefusal(.unknownCertificate, signature, mislabelled)
        // Also once the genuine certificate's verdict is cached under that fingerprint.
        try self.verifier.verify(signature, certificate: self.signerA.certificate)
        self.expectRefusal(.unknownCertificate, signature, mislabelled)
    }

    @Test func garbageDERIsUntrusted() throws {
        let garbage = SignerCertificate(der: Array("not a certificate".utf8))
        var signature = try self.signerA.sign(seq: 7, head: self.head)
        signature.certificate = garbage.fingerprint
        self.expectRefusal(.untrustedCertificate, signature, garbage)
        let empty = SignerCertificate(der: [])
        signature.certificate = empty.fingerprint
        self.expectRefusal(.untrustedCertificate, signature, empty)
    }

    @Test func bytesAfterTheCertificateDoNotEvadeRevocation() throws {
        let fingerprint = self.signerA.certificate.fingerprint
        let verifier = try ChainVerifier(
            caCertificatePath: self.pki.authority.certificatePath,
            revokedFingerprints: [fingerprint]
        )
        let padded = SignerCertificate(der: self.signerA.certificate.der + [0])
        var signature = try self.signerA.sign(seq: 7, head: self.head)
        signature.certificate = padded.fingerprint
        let refusal = self.expectRefusal(.untrustedCertificate, signature, padded, verifier: verifier)
        #expect(refusal?.detail.contains("1 bytes after the certificate") == true)
    }

    @Test func expiredCertificateStillVerifies() throws {
        let now = Date()
        let expired = try self.pki.issue(
            "node-old",
            notBefore: now.addingTimeInterval(-30 * 86_400),
            notAfter: now.addingTimeInterval(-86_400)
        )
        let signer = try ChainSigner(node: expired)
        try self.verifier.verify(try signer.sign(seq: 2, head: self.head), certificate: signer.certificate)
    }

    @Test func twoSignaturesOfOneClaimDifferAndBothVerify() throws {
        let first = try self.signerA.sign(seq: 7, head: self.head)
        let second = try self.signerA.sign(seq: 7, head: self.head)
        // ECDSA draws a fresh nonce per signature.
        #expect(first.signature != second.signature)
        try self.verifier.verify(first, certificate: self.signerA.certificate)
        try self.verifier.verify(second, certificate: self.signerA.certificate)
    }

    @Test func verifierAndSignerServeManyTasksAtOnce() async throws {
        let signerB = try ChainSigner(node: try self.pki.issue("node-b"))
        let signers = [self.signerA, signerB]
        let verifier = self.verifier
        let head = self.head
        let outcomes = try await withThrowingTaskGroup(of: (Bool, Bool).self) { group in
            for task in 0..<8 {
                group.addTask {
                    let signer = signers[task % 2]
                    var good = true
                    var refusedForged = true
                    for seq in UInt64(1)...25 {
                        let signature = try signer.sign(seq: seq, head: head)
                        do { try verifier.verify(signature, certificate: signer.certificate) } catch { good = false }
                        var forged = signature
                        forged.seq += 1
                        do {
                            try verifier.verify(forged, certificate: signer.certificate)
                            refusedForged = false
                        } catch { refusedForged = refusedForged && (error as? ChainRefusal)?.reason == .badSignature }
                    }
                    return (good, refusedForged)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.count == 8)
        #expect(outcomes.allSatisfy { $0.0 && $0.1 })
    }

    @Test func keyOfAnotherCertificateIsAConfigurationError() throws {
        let nodeB = try self.pki.issue("node-b")
        #expect {
            try ChainSigner(certificatePath: self.nodeA.certificatePath, privateKeyPath: nodeB.privateKeyPath)
        } throws: { ($0 as? TLSError)?.code == .configurationInvalid }
    }
}
