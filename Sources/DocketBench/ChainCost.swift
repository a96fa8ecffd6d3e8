import DocketCodec
import DocketCore
import DocketStore
import DocketTLS
import Foundation

/// What signing and verifying cost during a catch-up, measured on the operations and signatures the peer
/// actually received: one hash per operation and one signature check per batch at the receiver, one
/// signature per `Replica.signatureSpacing` operations at the sender.
struct ChainCost {
    var operations: Int
    var signatures: Int
    /// Hashing every received body, per 1,000 operations.
    var hashMillisPerThousand: Double
    /// One signature check with the signer's certificate already verified (as after the first batch).
    var verifyMillis: Double
    /// One signature by the source's key.
    var signMillis: Double

    /// Signature checks at the receiver for 1,000 operations: one per part it received.
    var verifiesPerThousand: Double { Double(self.signatures) * 1000 / Double(max(1, self.operations)) }

    /// Receiver CPU for 1,000 operations spent on the chain: hashing plus signature checks.
    var receiverMillisPerThousand: Double { self.hashMillisPerThousand + self.verifyMillis * self.verifiesPerThousand }

    /// Sender CPU for 1,000 operations spent signing its own chain.
    var senderMillisPerThousand: Double { self.signMillis * 1000 / Double(Replica.signatureSpacing) }

    /// Reads what the peer holds and times the chain work on it, in this process.
    static func measure(peerReplica path: String, source: NodeCertificate) throws -> ChainCost {
        let replica = try Replica.open(at: path)
        let held = try replica.signedBatch(missingFrom: VersionVector(), everySignature: true)
        let clock = ContinuousClock()
        let hashStarted = clock.now
        var check: UInt8 = 0
        for operation in held.operations {
            check ^= ChainHash(body: operation.body).bytes[0]
        }
        let hashSeconds = (clock.now - hashStarted).seconds
        let verifier = try ChainVerifier(caCertificatePath: source.caCertificatePath)
        let certificates = Dictionary(held.certificates.map { ($0.fingerprint, $0) }, uniquingKeysWith: { first, _ in first })
        if let first = held.signatures.first, let certificate = certificates[first.certificate] {
            try verifier.verify(first, certificate: certificate)
        }
        let verifyStarted = clock.now
        for signature in held.signatures {
            guard let certificate = certificates[signature.certificate] else { continue }
            try verifier.verify(signature, certificate: certificate)
        }
        let verifySeconds = (clock.now - verifyStarted).seconds
        let signer = try ChainSigner(node: source)
        let rounds = 200
        let signStarted = clock.now
        for round in 0..<rounds {
            _ = try signer.sign(seq: UInt64(round + 1), head: ChainHash(hashing: [check, UInt8(truncatingIfNeeded: round)]))
        }
        let signSeconds = (clock.now - signStarted).seconds
        return ChainCost(
            operations: held.operations.count, signatures: held.signatures.count,
            hashMillisPerThousand: hashSeconds * 1000 * 1000 / Double(max(1, held.operations.count)),
            verifyMillis: verifySeconds * 1000 / Double(max(1, held.signatures.count)),
            signMillis: signSeconds * 1000 / Double(rounds))
    }
}
