import DocketCodec
import DocketCore
import DocketTLS
import DocketTestSupport

/// The organisation CA of the fuzz targets: made once per process in a scratch directory, its offices'
/// signing keys and the verifier then held in memory and the files removed.
///
/// A fuzzer cannot forge a signature, so whatever it mutates is refused at the signature check. To reach
/// the chain check, the merge and the tables behind it too, `resigned(_:)` signs each origin's newest
/// operation of a batch again with that office's key, as if the office had written what the fuzzer made.
enum FuzzCertificates {
    /// The offices with a key here: those the seeds write as, the replica's own, and the sealer of files.
    static let offices = ["fz-home", "fz-sealed", "gz-tianhe", "sh-pudong"]

    private static let shared: (signers: [NodeID: ChainSigner], verifier: ChainVerifier) = {
        let directory = ScratchDirectory()
        defer { directory.remove() }
        do {
            let signing = try TestSigning(in: directory.url)
            var signers: [NodeID: ChainSigner] = [:]
            for office in Self.offices {
                let node = try NodeID(office)
                signers[node] = try signing.signer(for: node)
            }
            return (signers, signing.verifier)
        } catch {
            invariantBroken("the fuzz certificates cannot be made: \(error)")
        }
    }()

    static var verifier: ChainVerifier { Self.shared.verifier }

    static func signer(for office: String) -> ChainSigner {
        guard let signer = (try? NodeID(office)).flatMap({ Self.shared.signers[$0] }) else {
            invariantBroken("no fuzz certificate for \(office)")
        }
        return signer
    }

    /// `batch` with a signature over each origin's newest operation by that origin's key, for the origins
    /// that have one here; nil when none has.
    static func resigned(_ batch: SignedBatch) -> SignedBatch? {
        var heads: [NodeID: EncodedOperation] = [:]
        for operation in batch.operations where operation.dot.seq > heads[operation.dot.node]?.dot.seq ?? 0 {
            heads[operation.dot.node] = operation
        }
        var resigned = batch
        for (origin, head) in heads.sorted(by: { $0.key < $1.key }) {
            guard let signer = Self.shared.signers[origin],
                let signature = try? signer.sign(seq: head.dot.seq, head: head.hash)
            else { continue }
            resigned.signatures.append(signature)
            resigned.certificates.append(signer.certificate)
        }
        return resigned.signatures.count > batch.signatures.count ? resigned : nil
    }
}
