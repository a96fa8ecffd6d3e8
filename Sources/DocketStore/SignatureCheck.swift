import DocketCodec
import DocketCore
import Foundation
import GRDB

/// The signature half of verifying a batch, run after its operations passed the chain checks and before
/// the transaction commits: every origin's newest applied operation must be covered by a valid signature,
/// and every other signature the batch carries must be valid and agree with what is held.
struct SignatureCheck {
    let batch: SignedBatch
    let verifier: any ChainVerifying
    let applier: BatchApplier
    let db: Database
    private var certificates: [String: SignerCertificate] = [:]

    init(batch: SignedBatch, verifier: any ChainVerifying, applier: BatchApplier, db: Database) {
        self.batch = batch
        self.verifier = verifier
        self.applier = applier
        self.db = db
        for certificate in batch.certificates {
            self.certificates[certificate.fingerprint] = certificate
        }
    }

    mutating func run() throws {
        try self.judgeDivergence()
        var covered: Set<ChainSignature> = []
        for (origin, head) in self.appliedHeads() {
            let claims = self.batch.signatures.filter { $0.origin == origin && $0.seq == head.seq }
            guard !claims.isEmpty else {
                throw StoreError.forged(
                    dot: Dot(node: origin, seq: head.seq),
                    ChainRefusal(.unsigned, "no signature covers \(origin)'s operations up to seq \(head.seq)"))
            }
            // Any one valid signature over the head covers the chain; a relay may offer several.
            var firstFailure: ChainRefusal?
            for claim in claims {
                do {
                    try self.verify(claim, against: head.hash)
                    covered.insert(claim)
                    break
                } catch let refusal as ChainRefusal {
                    firstFailure = firstFailure ?? refusal
                }
            }
            if covered.isDisjoint(with: claims), let firstFailure {
                throw StoreError.forged(dot: Dot(node: origin, seq: head.seq), firstFailure)
            }
        }
        for claim in self.batch.signatures where !covered.contains(claim) {
            try self.checkExtra(claim)
        }
    }

    /// Another history of an origin arrived. Signed by the origin, it is proof the origin wrote two
    /// histories: an equivocation, kept as evidence. Otherwise someone on the way altered or invented it.
    private mutating func judgeDivergence() throws {
        let byOrigin = Dictionary(grouping: self.applier.divergent.values, by: \.dot.node)
        for (origin, operations) in byOrigin.sorted(by: { $0.key < $1.key }) {
            let chain = operations.sorted { $0.dot < $1.dot }
            let first = chain[0]
            let tip = chain[chain.count - 1]
            let linked = zip(chain, chain.dropFirst()).allSatisfy { $1.operation.previous == $0.hash && $1.dot.seq == $0.dot.seq + 1 }
            let claims = self.batch.signatures.filter { $0.origin == origin && $0.seq == tip.dot.seq && $0.head == tip.hash }
            var signed = false
            for claim in claims where linked && !signed {
                signed = (try? self.verifyCryptographically(claim)) != nil
            }
            guard signed, let held = try self.applier.hash(of: first.dot) else {
                throw StoreError.forged(dot: first.dot, ChainRefusal(
                    .badSignature,
                    "a different operation under \(first.dot), which is held here, and not signed by \(origin): "
                        + "altered or invented on the way"))
            }
            throw StoreError.equivocation(Equivocation(
                dot: first.dot, what: "an operation", held: held, other: first.hash, otherBytes: first.body, source: ""))
        }
    }

    /// For each origin the batch advanced, its new newest seq and that operation's hash.
    private func appliedHeads() -> [(NodeID, (seq: UInt64, hash: ChainHash))] {
        var heads: [NodeID: (seq: UInt64, hash: ChainHash)] = [:]
        for (dot, hash) in self.applier.stored where dot.seq > heads[dot.node]?.seq ?? 0 {
            heads[dot.node] = (dot.seq, hash)
        }
        return heads.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// A signature that covers nothing new: a head held here, signed again (say under a new certificate),
    /// or a point inside the batch. One for a seq not held yet cannot be checked against anything, and one
    /// that fails verification vouches for nothing: both are left out. A valid one that contradicts what
    /// is held is proof of equivocation.
    private mutating func checkExtra(_ claim: ChainSignature) throws {
        let dot = Dot(node: claim.origin, seq: claim.seq)
        guard let held = try self.applier.hash(of: dot) else { return }
        do {
            try self.verifyCryptographically(claim)
        } catch is ChainRefusal {
            // It vouches for nothing this batch needs (say its certificate was revoked here and not yet at
            // the sender): leave it out rather than refuse operations that are covered.
            return
        }
        guard held == claim.head else {
            // Validly signed, yet contradicting what is held: the origin itself signed two histories.
            throw StoreError.equivocation(Equivocation(
                dot: dot, what: "a signed chain head", held: held, other: claim.head,
                otherBytes: claim.message + claim.signature, source: ""))
        }
        try self.keep(claim)
    }

    private mutating func verify(_ claim: ChainSignature, against head: ChainHash) throws {
        guard claim.head == head else {
            throw ChainRefusal(.badSignature, "the signature for \(claim.origin):\(claim.seq) is over another head")
        }
        try self.verifyCryptographically(claim)
        try self.keep(claim)
    }

    private mutating func verifyCryptographically(_ claim: ChainSignature) throws {
        guard let certificate = try self.certificate(claim.certificate) else {
            throw ChainRefusal(
                .unknownCertificate,
                "\(claim.origin):\(claim.seq) is signed by certificate \(claim.certificate.prefix(16))…, "
                    + "which the batch does not carry")
        }
        try self.verifier.verify(claim, certificate: certificate)
    }

    private func keep(_ claim: ChainSignature) throws {
        if let certificate = self.certificates[claim.certificate] {
            try CertificateRow(certificate: certificate).write(into: self.db)
        }
        try ChainSignatureRow(signature: claim).write(into: self.db)
    }

    private mutating func certificate(_ fingerprint: String) throws -> SignerCertificate? {
        if let known = self.certificates[fingerprint] { return known }
        let stored = try Replica.certificate(fingerprint, in: self.db)
        self.certificates[fingerprint] = stored
        return stored
    }
}

extension Replica {
    /// A certificate held here, by fingerprint.
    static func certificate(_ fingerprint: String, in db: Database) throws -> SignerCertificate? {
        try Data.fetchOne(
            try db.cachedStatement(sql: "SELECT der FROM certificates WHERE fingerprint = :fingerprint"),
            arguments: ["fingerprint": fingerprint]
        ).map { SignerCertificate(der: [UInt8]($0)) }
    }
}

/// `equivocations`: evidence kept, never applied.
struct EquivocationRow: RowWrite {
    static let sql = """
        INSERT OR IGNORE INTO equivocations (origin, seq, held_hash, other_hash, other_body, source, seen_at)
        VALUES (:origin, :seq, :held_hash, :other_hash, :other_body, :source, :seen_at)
        """
    let evidence: Equivocation
    let seenAt: Int64

    func bind(to row: inout RowBinding) throws {
        row.bind("origin", self.evidence.dot.node.rawValue)
        row.bind("seq", Int64(self.evidence.dot.seq))
        row.bind("held_hash", blob: self.evidence.held.bytes)
        row.bind("other_hash", blob: self.evidence.other.bytes)
        row.bind("other_body", blob: self.evidence.otherBytes)
        row.bind("source", self.evidence.source)
        row.bind("seen_at", self.seenAt)
    }
}
