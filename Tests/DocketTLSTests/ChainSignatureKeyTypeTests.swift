import DocketCore
import DocketTLS
import Foundation
import Testing

/// Chain signatures with the key types an organisation might bring besides the P-256 keys Docket issues:
/// each is a self-signed certificate that is also its own trust anchor.
@Suite struct ChainSignatureKeyTypeTests {
    static let keyArguments: [[String]] = [
        ["-newkey", "ed25519"],
        ["-newkey", "rsa:2048"],
        ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384"],
    ]

    @Test(arguments: Self.keyArguments)
    func signatureVerifiesAndATamperedOneDoesNot(_ keyArguments: [String]) async throws {
        let pki = try TestPKI()
        let certificatePath = pki.path("node-k.crt")
        let keyPath = pki.path("node-k.key")
        let made = try await runOpenSSL(
            ["req", "-x509", "-nodes", "-days", "1", "-subj", "/CN=node-k", "-keyout", keyPath, "-out", certificatePath]
                + keyArguments,
            in: pki.root.path
        )
        try #require(made.status == 0, "\(made.output)")

        let signer = try ChainSigner(certificatePath: certificatePath, privateKeyPath: keyPath)
        let verifier = try ChainVerifier(caCertificatePath: certificatePath)
        #expect(signer.node.rawValue == "node-k")
        let signature = try signer.sign(seq: 42, head: ChainHash(hashing: [1, 2, 3]))
        try verifier.verify(signature, certificate: signer.certificate)

        var tampered = signature
        tampered.head = .zero
        #expect {
            try verifier.verify(tampered, certificate: signer.certificate)
        } throws: { ($0 as? ChainRefusal)?.reason == .badSignature }
    }
}
