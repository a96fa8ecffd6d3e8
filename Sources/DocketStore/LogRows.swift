import DocketCodec
import DocketCore
import Foundation
import GRDB

// Rows of the log and of what is appended beside it, each value under its column's name.

/// `operation_log`: one operation as received or written here. Never updated.
struct OperationRow: InsertableRow {
    static let insertSQL = makeInsertSQL(
        into: "operation_log",
        columns: [
            "origin", "seq", "record_kind", "record_id", "hlc_millis", "hlc_counter", "author", "clock", "changes_at",
            "body", "hash", "schema",
        ])
    let prepared: PreparedOperation
    private var encoded: EncodedOperation { self.prepared.encoded }
    private var operation: ReplicatedOperation { self.encoded.operation }

    init(_ prepared: PreparedOperation) {
        self.prepared = prepared
    }

    func arguments() throws -> ColumnValues {
        [
            "origin": self.operation.dot.node.rawValue,
            "seq": Int64(self.operation.dot.seq),
            "record_kind": self.operation.record.kind.rawValue,
            "record_id": self.operation.record.id,
            "hlc_millis": Int64(self.operation.timestamp.millis),
            "hlc_counter": Int64(self.operation.timestamp.counter),
            "author": self.operation.author,
            "clock": try self.prepared.clockJSON ?? Coding.encode(self.operation.clock),
            "changes_at": Int64(self.encoded.changesOffset),
            "body": Data(self.encoded.body),
            "hash": Data(self.encoded.hash.bytes),
            "schema": Int64(self.operation.schema),
        ]
    }
}

/// `entries`: one entry of a case, keyed by the operation that carried it.
struct EntryRow: InsertableRow {
    static let insertSQL = makeInsertSQL(
        into: "entries", columns: ["origin", "seq", "case_id", "kind", "hlc_millis", "hlc_counter", "author", "body"])
    let caseID: String
    let record: EntryRecord
    /// The entry's JSON when worked out already (`PreparedOperation`); otherwise it is encoded here.
    var json: String?

    func arguments() throws -> ColumnValues {
        [
            "origin": self.record.dot.node.rawValue,
            "seq": Int64(self.record.dot.seq),
            "case_id": self.caseID,
            "kind": self.record.entry.kind,
            "hlc_millis": Int64(self.record.timestamp.millis),
            "hlc_counter": Int64(self.record.timestamp.counter),
            "author": self.record.author,
            "body": try self.json ?? Coding.encode(self.record.entry),
        ]
    }
}

/// `version_vector`: the highest `seq` held contiguously from one origin. Replaced as it grows.
struct VersionVectorRow: InsertableRow {
    static let insertSQL = makeInsertSQL(into: "version_vector", columns: ["origin", "seq"], orReplace: true)
    let origin: NodeID
    let seq: UInt64

    func arguments() throws -> ColumnValues {
        ["origin": self.origin.rawValue, "seq": Int64(self.seq)]
    }
}

/// `certificates`: a signer certificate, once.
struct CertificateRow: InsertableRow {
    static let insertSQL = "INSERT OR IGNORE INTO certificates (fingerprint, der) VALUES (:fingerprint, :der)"
    let certificate: SignerCertificate

    func arguments() throws -> ColumnValues {
        ["fingerprint": self.certificate.fingerprint, "der": Data(self.certificate.der)]
    }
}

/// `chain_signatures`: a verified (or, for this node, freshly made) chain-head signature.
struct ChainSignatureRow: InsertableRow {
    static let insertSQL = """
        INSERT OR IGNORE INTO chain_signatures (origin, seq, head, certificate, signature, resigned)
        VALUES (:origin, :seq, :head, :certificate, :signature, :resigned)
        """
    let signature: ChainSignature
    var resigned = false

    func arguments() throws -> ColumnValues {
        [
            "origin": self.signature.origin.rawValue,
            "seq": Int64(self.signature.seq),
            "head": Data(self.signature.head.bytes),
            "certificate": self.signature.certificate,
            "signature": Data(self.signature.signature),
            "resigned": self.resigned,
        ]
    }

    static func decode(_ row: Row) throws -> ChainSignature {
        guard let head = ChainHash(bytes: [UInt8](row["head"] as Data)) else {
            throw StoreError.inconsistent("a chain signature's head is not 32 bytes")
        }
        return ChainSignature(
            origin: try NodeID(row["origin"] as String), seq: UInt64(row["seq"] as Int64), head: head,
            certificate: row["certificate"], signature: [UInt8](row["signature"] as Data))
    }
}
