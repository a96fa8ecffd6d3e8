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
        try self.database.read(Self.signedBatchRead(
            missingFrom: vector, limit: limit, byteBudget: byteBudget, everySignature: everySignature,
            recent: self.recent, isRevoked: isRevoked))
    }

    /// What a daemon sends next, without blocking a thread while SQLite works:
    /// `signedBatch(missingFrom:limit:byteBudget:isRevoked:)`, the vector it was read against, and whether
    /// this node's own chain still lacks a signature by `certificate` at its head (its unsigned tail is not
    /// in the batch: the caller signs and reads again).
    ///
    /// One read instead of three (signature check, batch, vector): each is a hop to a reader and back, a
    /// good part of a single change's way to a peer.
    public func outgoingBatch(
        missingFrom vector: VersionVector, limit: Int, byteBudget: Int, signedBy certificate: String,
        isRevoked: @escaping @Sendable (String) -> Bool
    ) async throws -> OutgoingBatch {
        let node = self.node
        let read = Self.signedBatchRead(
            missingFrom: vector, limit: limit, byteBudget: byteBudget, everySignature: false, recent: self.recent,
            isRevoked: isRevoked)
        return try await self.database.read { db in
            OutgoingBatch(
                batch: try read(db), vector: try Self.vector(in: db),
                ownHeadUnsigned: try Self.ownSignatureGap(node: node, certificate: certificate, in: db) != nil)
        }
    }

    /// A batch to send, the vector of the replica it was read from, and whether the node's own head was
    /// still unsigned then.
    public struct OutgoingBatch: Sendable {
        public var batch: SignedBatch
        public var vector: VersionVector
        public var ownHeadUnsigned: Bool
    }

    /// The most operations one part may hold when its nearest signature lies beyond `limit`: what a
    /// receiver decodes in one batch.
    public static let longestSignedPart = 10_000

    static func signedBatchRead(
        missingFrom vector: VersionVector, limit: Int, byteBudget: Int, everySignature: Bool, recent: RecentOperations,
        isRevoked: @escaping @Sendable (String) -> Bool
    ) -> @Sendable (Database) throws -> SignedBatch {
        { db in
            var batch = SignedBatch()
            var bytes = 0
            var certificates: Set<String> = []
            for (origin, held) in try Self.vector(in: db).sortedEntries where held > vector[origin] {
                let remaining = limit - batch.operations.count
                guard remaining > 0, bytes < byteBudget || batch.operations.isEmpty else { break }
                let from = vector[origin]
                let window = UInt64(max(remaining, Self.longestSignedPart))
                let points = try Self.signatures(of: origin, after: from, upTo: min(held, from &+ window), in: db)
                    .filter { !isRevoked($0.certificate) }
                let within = points.filter { $0.seq - from <= UInt64(remaining) }
                let candidates = !within.isEmpty ? within : (batch.operations.isEmpty ? Array(points.prefix(1)) : [])
                guard !candidates.isEmpty else { continue }
                let part = try Self.part(
                    of: origin, after: from, candidates: candidates, budget: byteBudget - bytes, recent: recent, in: db)
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
    private static func part(
        of origin: NodeID, after from: UInt64, candidates: [ChainSignature], budget: Int, recent: RecentOperations,
        in db: Database
    ) throws -> (operations: [EncodedOperation], bytes: Int, signature: ChainSignature) {
        var bySeq: [UInt64: ChainSignature] = [:]
        for candidate in candidates where bySeq[candidate.seq] == nil { bySeq[candidate.seq] = candidate }
        let rows = try Row.fetchCursor(
            try db.cachedStatement(sql: "SELECT origin, seq, body FROM operation_log WHERE origin = ? AND seq > ? AND seq <= ? ORDER BY seq"),
            arguments: [origin.rawValue, Int64(from), Int64(candidates.last!.seq)])
        var operations: [EncodedOperation] = []
        var bytes = 0
        var cut: (count: Int, bytes: Int, signature: ChainSignature)?
        while let row = try rows.next() {
            let dot = Dot(node: origin, seq: UInt64(row["seq"] as Int64))
            let encoded: EncodedOperation
            if let known = recent.operation(at: dot) {
                encoded = known
            } else {
                encoded = try Self.encodedOperation(from: row)
                recent.remember(encoded)
            }
            operations.append(encoded)
            bytes += encoded.body.count
            if let signature = bySeq[encoded.dot.seq] {
                if cut != nil && bytes > budget { break }
                cut = (operations.count, bytes, signature)
            }
        }
        guard let cut else { throw StoreError.inconsistent("\(origin)'s signed operations are missing from the log") }
        return (Array(operations.prefix(cut.count)), cut.bytes, cut.signature)
    }

    /// The signatures held for `origin` at seqs in `after + 1 ... upTo`, in seq order; the caller decides
    /// which it may use.
    static func signatures(of origin: NodeID, after: UInt64, upTo: UInt64, in db: Database) throws -> [ChainSignature] {
        guard upTo > after else { return [] }
        return try Row.fetchAll(
            try db.cachedStatement(sql: """
                SELECT * FROM chain_signatures WHERE origin = :origin AND seq > :after AND seq <= :upTo
                ORDER BY seq, resigned DESC
                """),
            arguments: ["origin": origin.rawValue, "after": Int64(after), "upTo": Int64(clamping: upTo)]
        ).map(ChainSignatureRow.decode)
    }
}
