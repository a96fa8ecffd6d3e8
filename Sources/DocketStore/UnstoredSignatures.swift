import DocketCore
import Synchronization

/// Signatures of this node's own chain made in memory, which reads of what to send see as if they were
/// stored, until they are (`Replica.signAhead`).
final class UnstoredSignatures: Sendable {
    private let held = Mutex<[ChainSignature]>([])

    /// What is held now. Taken before a read of the log begins: a signature stored and dropped from here
    /// after that was committed before the read, so the read sees it there instead.
    var snapshot: [ChainSignature] {
        self.held.withLock { $0 }
    }

    /// Adds `signatures`, but none for a seq and certificate already held: a read sends one of each.
    func add(_ signatures: [ChainSignature]) {
        self.held.withLock { held in
            for signature in signatures
            where !held.contains(where: { $0.seq == signature.seq && $0.certificate == signature.certificate }) {
                held.append(signature)
            }
        }
    }

    /// Drops `signatures` once they are stored; any made meanwhile stay.
    func remove(_ signatures: [ChainSignature]) {
        self.held.withLock { held in held.removeAll { signatures.contains($0) } }
    }

    /// The highest seq held here that `certificate` signed, or 0.
    func highestSeq(signedBy certificate: String) -> UInt64 {
        Self.highestSeq(in: self.snapshot, signedBy: certificate)
    }

    /// The highest seq in `signatures` that `certificate` signed, or 0: for a snapshot already taken.
    static func highestSeq(in signatures: [ChainSignature], signedBy certificate: String) -> UInt64 {
        signatures.lazy.filter { $0.certificate == certificate }.map(\.seq).max() ?? 0
    }
}
