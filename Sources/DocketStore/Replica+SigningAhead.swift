import DocketCore
import GRDB

/// A new local change's signature, made in memory and sent before it is stored.
///
/// The commit watch signed each new local change in a transaction of its own before waking the sessions:
/// about a fifth of the way from a commit to the peer (`docs/benchmarks.md`, "Fourteenth round"). It now
/// signs in memory, wakes the sessions, and stores the signatures after. Until they are stored, every read
/// of what to send sees them as if they were. Ones never stored (the daemon stopped or crashed in between,
/// as a signature stored without waiting for the disk could always be lost) are not needed here: the
/// daemon signs its head again when it starts. A peer that was sent one keeps it, a valid signature.
extension Replica {
    /// What `signAhead` did.
    public struct SignedAhead: Sendable {
        /// How many signatures it made.
        public var made: Int
        /// The vector read with them: what the sessions are woken with.
        public var vector: VersionVector
    }

    /// Signs in memory the points of this node's chain that `signer`'s certificate has not signed, the
    /// spacing as `signOwnChain`'s, for `outgoingBatch` to send before `storeSignedAhead` stores them.
    /// For one caller at a time: the daemon's commit watch.
    /// - Returns: nil when the certificate itself is not stored yet, so a batch could not name it: the
    ///   caller signs with `signOwnChain` instead (a daemon stores it when it starts).
    public func signAhead(with signer: any ChainSigning) throws -> SignedAhead? {
        let node = self.node
        let fingerprint = signer.certificate.fingerprint
        let unstored = self.unstoredSignatures.highestSeq(signedBy: fingerprint)
        let read = try self.database.read { db -> (vector: VersionVector, heads: [(UInt64, ChainHash)])? in
            let vector = try Self.vector(in: db)
            guard let first = try Self.ownSignatureGap(node: node, certificate: fingerprint, unstored: unstored, in: db)
            else { return (vector, []) }
            guard try Bool.fetchOne(
                try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM certificates WHERE fingerprint = ?)"),
                arguments: [fingerprint]) == true
            else { return nil }
            let heads = try Self.signingPoints(from: first, upTo: vector[node]).map { seq in
                guard let head = try Self.hash(of: Dot(node: node, seq: seq), in: db) else {
                    throw StoreError.inconsistent("operation \(node):\(seq) is counted in the vector but not in the log")
                }
                return (seq, head)
            }
            return (vector, heads)
        }
        guard let read else { return nil }
        let signatures = try read.heads.map { try signer.sign(seq: $0.0, head: $0.1) }
        self.unstoredSignatures.add(signatures)
        return SignedAhead(made: signatures.count, vector: read.vector)
    }

    /// Stores the signatures `signAhead` made, without waiting for the disk, and stops carrying them in
    /// memory: called once the sessions have been woken.
    ///
    /// When they cannot be stored they are dropped all the same, so that the head reads as unsigned again
    /// and the sessions sign it the stored way, meeting and reporting the failure themselves. A peer that
    /// was sent one keeps it.
    public func storeSignedAhead() throws {
        let signatures = self.unstoredSignatures.snapshot
        guard !signatures.isEmpty else { return }
        defer { self.unstoredSignatures.remove(signatures) }
        try self.database.writeWithoutTransaction { db in
            try Self.inTransactionWithoutSync(db) {
                for signature in signatures { try ChainSignatureRow(signature: signature).write(into: db) }
            }
        }
    }
}
