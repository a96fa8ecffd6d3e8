import DocketCore
import GRDB

/// This node signs its own chain. Local writes only hash-chain their operations (no key is needed to
/// write); the node signs its head when it sends or exports, and again under a new certificate.
extension Replica {
    /// How many of its own operations a node leaves between two signatures, so a relay can always cut a
    /// batch at a signed point within `longestSignedPart`.
    public static let signatureSpacing: UInt64 = 1_000

    /// Signs this node's operations not yet covered by a signature from `signer`'s certificate: one
    /// signature every `signatureSpacing` operations and one over the head.
    /// - Returns: how many signatures were made.
    @discardableResult
    public func signOwnChain(with signer: any ChainSigning) async throws -> Int {
        let node = self.node
        let fingerprint = signer.certificate.fingerprint
        let unsigned = try await self.database.read { db in
            try Self.ownSignatureGap(node: node, certificate: fingerprint, in: db)
        }
        guard unsigned != nil else { return 0 }
        return try await self.database.writeWithoutTransaction {
            try Self.signOwnChainWithoutSync(node: node, signer: signer, in: $0)
        }
    }

    /// The blocking form of `signOwnChain(with:)`, for `docket export` and the daemon's commit watch, which
    /// signs a new local change as soon as it sees it so the sessions find it signed.
    @discardableResult
    public func signOwnChain(with signer: any ChainSigning) throws -> Int {
        let node = self.node
        let fingerprint = signer.certificate.fingerprint
        guard try self.database.read({ try Self.ownSignatureGap(node: node, certificate: fingerprint, in: $0) }) != nil
        else { return 0 }
        return try self.database.writeWithoutTransaction {
            try Self.signOwnChainWithoutSync(node: node, signer: signer, in: $0)
        }
    }

    /// Signs in a transaction that does not wait for the disk: a signature lost in a crash is made again from
    /// the log (by the daemon when it starts, or by the next export), and a daemon signs each new local
    /// change on its way out, where an fsync was a third of the way to a peer. The next durable commit
    /// writes it out with everything before it.
    private static func signOwnChainWithoutSync(node: NodeID, signer: any ChainSigning, in db: Database) throws -> Int {
        var made = 0
        try Self.inTransactionWithoutSync(db) { made = try Self.signOwnChain(node: node, signer: signer, in: db) }
        return made
    }

    /// Runs `body` in a transaction whose commit does not wait for the disk: for signatures alone.
    static func inTransactionWithoutSync(_ db: Database, _ body: () throws -> Void) throws {
        try db.execute(sql: "PRAGMA synchronous = NORMAL")
        defer { try? db.execute(sql: "PRAGMA synchronous = FULL") }
        try db.inTransaction {
            try body()
            return .commit
        }
    }

    /// Signs again, under `signer`'s certificate, every point of this node's chain that an older
    /// certificate signed, so a relay still holds a usable signature at every point once the old
    /// certificate is revoked. Done when the node starts with a new certificate.
    /// - Returns: how many signatures were made.
    @discardableResult
    public func resignOwnChain(with signer: any ChainSigning) async throws -> Int {
        let node = self.node
        return try await self.database.write { db in
            try Self.store(certificate: signer.certificate, in: db)
            let seqs = try Int64.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT seq FROM chain_signatures WHERE origin = :origin AND seq NOT IN (
                        SELECT seq FROM chain_signatures WHERE origin = :origin AND certificate = :certificate)
                    ORDER BY seq
                    """,
                arguments: ["origin": node.rawValue, "certificate": signer.certificate.fingerprint])
            for seq in seqs {
                try Self.sign(node: node, seq: UInt64(seq), signer: signer, resigned: true, in: db)
            }
            return seqs.count
        }
    }

    /// This node's own signatures made by re-signing, up to `seq`: what a peer holding those operations
    /// lacks after a certificate change.
    public func resignedSignatures(upTo seq: UInt64) async throws -> SignedBatchSignatures {
        let node = self.node
        return try await self.database.read { db in
            let signatures = try Row.fetchAll(
                db, sql: "SELECT * FROM chain_signatures WHERE origin = ? AND resigned = 1 AND seq <= ? ORDER BY seq",
                arguments: [node.rawValue, Int64(clamping: seq)]
            ).map(ChainSignatureRow.decode)
            var certificates: [SignerCertificate] = []
            for fingerprint in Set(signatures.map(\.certificate)).sorted() {
                if let certificate = try Self.certificate(fingerprint, in: db) { certificates.append(certificate) }
            }
            return SignedBatchSignatures(signatures: signatures, certificates: certificates)
        }
    }

    /// Signatures and their certificates, without operations.
    public struct SignedBatchSignatures: Sendable {
        public var signatures: [ChainSignature]
        public var certificates: [SignerCertificate]
    }

    /// The first own seq past the last one `certificate` signed, when this node holds more than that.
    /// - Parameter unstored: the highest seq `certificate` signed that is not stored yet (`signAhead`).
    static func ownSignatureGap(node: NodeID, certificate: String, unstored: UInt64 = 0, in db: Database) throws -> UInt64? {
        let held = UInt64(try Int64.fetchOne(
            try db.cachedStatement(sql: "SELECT seq FROM version_vector WHERE origin = ?"), arguments: [node.rawValue]) ?? 0)
        let stored = UInt64(try Int64.fetchOne(
            try db.cachedStatement(sql: "SELECT max(seq) FROM chain_signatures WHERE origin = ? AND certificate = ?"),
            arguments: [node.rawValue, certificate]) ?? 0)
        let signed = max(stored, unstored)
        return held > signed ? signed + 1 : nil
    }

    private static func signOwnChain(node: NodeID, signer: any ChainSigning, in db: Database) throws -> Int {
        guard let first = try Self.ownSignatureGap(node: node, certificate: signer.certificate.fingerprint, in: db)
        else { return 0 }
        try Self.store(certificate: signer.certificate, in: db)
        let held = UInt64(try Int64.fetchOne(
            try db.cachedStatement(sql: "SELECT seq FROM version_vector WHERE origin = ?"), arguments: [node.rawValue]) ?? 0)
        let points = Self.signingPoints(from: first, upTo: held)
        for seq in points {
            try Self.sign(node: node, seq: seq, signer: signer, resigned: false, in: db)
        }
        return points.count
    }

    /// The seqs to sign when this node's chain is signed up to `first - 1` and holds `held`: one every
    /// `signatureSpacing` operations, and the head.
    static func signingPoints(from first: UInt64, upTo held: UInt64) -> [UInt64] {
        var points: [UInt64] = []
        var seq = first - 1
        while seq < held {
            seq = min(held, (seq / Self.signatureSpacing + 1) * Self.signatureSpacing)
            points.append(seq)
        }
        return points
    }

    private static func sign(node: NodeID, seq: UInt64, signer: any ChainSigning, resigned: Bool, in db: Database) throws {
        guard let head = try Self.hash(of: Dot(node: node, seq: seq), in: db) else {
            throw StoreError.inconsistent("operation \(node):\(seq) is counted in the vector but not in the log")
        }
        try ChainSignatureRow(signature: try signer.sign(seq: seq, head: head), resigned: resigned).write(into: db)
    }

    private static func store(certificate: SignerCertificate, in db: Database) throws {
        try CertificateRow(certificate: certificate).write(into: db)
    }
}
