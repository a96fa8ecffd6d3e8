import DocketCodec
import DocketCore
import Foundation
import GRDB

/// What this replica sends: operations a peer or file lacks, cut where a signature covers them.
extension Replica {
    /// The operations held here that a replica with `vector` lacks, per origin in `seq` order, with one
    /// usable signature covering each origin's part and the certificates those name.
    ///
    /// A receiver applies only operations covered by a signature, so each origin's part ends at a seq where
    /// this replica holds a signature whose certificate `isRevoked` does not name. Reads only the missing
    /// rows, through the log's index on origin and seq: the cost follows what is missing, not the size of the replica.
    /// - Parameters:
    ///   - limit: at most this many operations, unless the first origin's nearest signature lies beyond it
    ///     (never beyond `PeerMessageLimits`' 10,000 operations a batch).
    ///   - byteBudget: stop at the first signature point past this many body bytes (at least one part).
    /// - Parameter everySignature: carry every usable signature inside each part, not only the one at its
    ///   end, so whoever takes it (an operations file) can cut it into batches again to relay it.
    public func signedBatch(
        missingFrom vector: VersionVector, limit: Int = .max, byteBudget: Int = .max, everySignature: Bool = false,
        isRevoked: @escaping @Sendable (String) -> Bool = { _ in false }
    ) throws -> SignedBatch {
        let read = Self.batchRead(
            missingFrom: vector, limit: limit, byteBudget: byteBudget, everySignature: everySignature,
            unstored: self.unstoredSignatures.snapshot, isRevoked: isRevoked,
            operation: { row, _ in try Self.encodedOperation(from: row) })
        let batch = try self.database.read(read)
        return SignedBatch(operations: batch.operations, signatures: batch.signatures, certificates: batch.certificates)
    }

    /// What a daemon sends next, without blocking a thread while SQLite works: the read of
    /// `signedBatch(missingFrom:limit:byteBudget:isRevoked:)` with its operations as stored (`StoredBatch`),
    /// the vector it was read against, and whether this node's own chain still lacks a signature by
    /// `certificate` at its head (its unsigned tail is not in the batch: the caller signs and reads again).
    ///
    /// One read instead of three (signature check, batch, vector): each is a hop to a reader and back, a
    /// good part of a single change's way to a peer.
    public func outgoingBatch(
        missingFrom vector: VersionVector, limit: Int, byteBudget: Int, signedBy certificate: String,
        isRevoked: @escaping @Sendable (String) -> Bool
    ) async throws -> OutgoingBatch {
        let node = self.node
        let unstored = self.unstoredSignatures.snapshot
        let signedAhead = UnstoredSignatures.highestSeq(in: unstored, signedBy: certificate)
        let read = Self.batchRead(
            missingFrom: vector, limit: limit, byteBudget: byteBudget, everySignature: false, unstored: unstored,
            isRevoked: isRevoked, operation: { try Self.storedOperation(from: $0, dot: $1) })
        return try await self.database.read { db in
            let batch = try read(db)
            return OutgoingBatch(
                batch: StoredBatch(operations: batch.operations, signatures: batch.signatures, certificates: batch.certificates),
                vector: try Self.vector(in: db),
                ownHeadUnsigned: try Self.ownSignatureGap(
                    node: node, certificate: certificate, unstored: signedAhead, in: db) != nil)
        }
    }

    /// A batch to send, the vector of the replica it was read from, and whether the node's own head was
    /// still unsigned then.
    public struct OutgoingBatch: Sendable {
        /// Its operations as stored: they are sent, not read (`StoredBatch`).
        public var batch: StoredBatch
        public var vector: VersionVector
        public var ownHeadUnsigned: Bool
    }

    /// The most operations one part may hold when its nearest signature lies beyond `limit`: what a
    /// receiver decodes in one batch.
    public static let longestSignedPart = 10_000

    /// An operation as a batch carries it, read from its log row (`origin`, `seq`, `body`, `hash`).
    typealias OperationRead<Operation> = @Sendable (Row, Dot) throws -> Operation
    /// What `batchRead` reads: the parts of a `SignedBatch` or a `StoredBatch`.
    typealias BatchParts<Operation> = (operations: [Operation], signatures: [ChainSignature], certificates: [SignerCertificate])

    /// The read behind `signedBatch` and `outgoingBatch`, which differ only in how each row becomes an
    /// operation: decoded, or as stored.
    /// - Parameter unstored: this node's signatures made ahead of storing (`signAhead`), taken before the
    ///   read begins; read as if stored.
    static func batchRead<Operation: BatchPart>(
        missingFrom vector: VersionVector, limit: Int, byteBudget: Int, everySignature: Bool,
        unstored: [ChainSignature], isRevoked: @escaping @Sendable (String) -> Bool,
        operation: @escaping OperationRead<Operation>
    ) -> @Sendable (Database) throws -> BatchParts<Operation> {
        { db in
            var batch: BatchParts<Operation> = ([], [], [])
            var bytes = 0
            var certificates: Set<String> = []
            for (origin, held) in try Self.vector(in: db).sortedEntries where held > vector[origin] {
                let remaining = limit - batch.operations.count
                guard remaining > 0, bytes < byteBudget || batch.operations.isEmpty else { break }
                let from = vector[origin]
                let window = UInt64(max(remaining, Self.longestSignedPart))
                let points = try Self.signatures(
                    of: origin, after: from, upTo: min(held, from &+ window), unstored: unstored, in: db
                ).filter { !isRevoked($0.certificate) }
                let within = points.filter { $0.seq - from <= UInt64(remaining) }
                let candidates = !within.isEmpty ? within : (batch.operations.isEmpty ? Array(points.prefix(1)) : [])
                guard !candidates.isEmpty else { continue }
                let part = try Self.part(
                    of: origin, after: from, candidates: candidates, budget: byteBudget - bytes, operation: operation,
                    in: db)
                batch.operations += part.operations
                bytes += part.bytes
                let carried = everySignature ? points.filter { $0.seq <= part.signature.seq } : [part.signature]
                batch.signatures += carried
                certificates.formUnion(carried.map(\.certificate))
            }
            for fingerprint in certificates.sorted() {
                if let certificate = try Self.certificate(fingerprint, in: db) { batch.certificates.append(certificate) }
            }
            return batch
        }
    }

    /// Reads `origin`'s operations after `from` up to the last candidate signature point within `budget`
    /// bytes, or up to the first candidate when even that one passes it.
    private static func part<Operation: BatchPart>(
        of origin: NodeID, after from: UInt64, candidates: [ChainSignature], budget: Int,
        operation read: OperationRead<Operation>, in db: Database
    ) throws -> (operations: [Operation], bytes: Int, signature: ChainSignature) {
        var bySeq: [UInt64: ChainSignature] = [:]
        for candidate in candidates where bySeq[candidate.seq] == nil { bySeq[candidate.seq] = candidate }
        let rows = try Row.fetchCursor(
            try db.cachedStatement(sql: """
                SELECT origin, seq, body, hash FROM operation_log WHERE origin = ? AND seq > ? AND seq <= ? ORDER BY seq
                """),
            arguments: [origin.rawValue, Int64(from), Int64(candidates.last!.seq)])
        var operations: [Operation] = []
        var bytes = 0
        var cut: (count: Int, bytes: Int, signature: ChainSignature)?
        while let row = try rows.next() {
            let dot = Dot(node: origin, seq: UInt64(row["seq"] as Int64))
            let operation = try read(row, dot)
            operations.append(operation)
            bytes += operation.body.count
            if let signature = bySeq[dot.seq] {
                if cut != nil && bytes > budget { break }
                cut = (operations.count, bytes, signature)
            }
        }
        guard let cut else { throw StoreError.inconsistent("\(origin)'s signed operations are missing from the log") }
        return (Array(operations.prefix(cut.count)), cut.bytes, cut.signature)
    }

    /// The signatures held for `origin` at seqs in `after + 1 ... upTo`, in seq order, stored ones first at
    /// each seq; the caller decides which it may use.
    /// - Parameter unstored: signatures not stored yet (`signAhead`), added where no stored one has the
    ///   same seq and certificate.
    static func signatures(
        of origin: NodeID, after: UInt64, upTo: UInt64, unstored: [ChainSignature], in db: Database
    ) throws -> [ChainSignature] {
        guard upTo > after else { return [] }
        let stored = try Row.fetchAll(
            try db.cachedStatement(sql: """
                SELECT * FROM chain_signatures WHERE origin = :origin AND seq > :after AND seq <= :upTo
                ORDER BY seq, resigned DESC
                """),
            arguments: ["origin": origin.rawValue, "after": Int64(after), "upTo": Int64(clamping: upTo)]
        ).map(ChainSignatureRow.decode)
        let added = unstored.filter { signature in
            signature.origin == origin && signature.seq > after && signature.seq <= upTo
                && !stored.contains { $0.seq == signature.seq && $0.certificate == signature.certificate }
        }
        guard !added.isEmpty else { return stored }
        // Stored first at a seq, as the query orders them: the sort compares seqs and the position before.
        return (stored + added).enumerated().sorted { ($0.element.seq, $0.offset) < ($1.element.seq, $1.offset) }
            .map(\.element)
    }
}

/// What a batch read from the log holds for each operation: its body, whatever else it carries.
protocol BatchPart: Sendable {
    var body: [UInt8] { get }
}

extension EncodedOperation: BatchPart {}
extension StoredBatch.Operation: BatchPart {}

extension Replica {
    /// A log row's operation as stored, for sending. Its body is checked against the hash stored beside
    /// it, so that a body damaged on disk is found here rather than refused by every peer; the rest was
    /// checked when it was stored.
    static func storedOperation(from row: Row, dot: Dot) throws -> StoredBatch.Operation {
        let body = [UInt8](row["body"] as Data)
        guard let stored = ChainHash(bytes: [UInt8](row["hash"] as Data)), stored == ChainHash(body: body) else {
            throw StoreError.inconsistent("the body of operation \(dot.node):\(dot.seq) does not match its stored hash")
        }
        return StoredBatch.Operation(dot: dot, body: body)
    }
}
