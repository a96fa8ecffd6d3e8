import DocketCodec
import DocketCore
import Foundation
import GRDB

// Rows of the log and of what is appended beside it, each value under its column's name.

/// `operation_log`: one operation as received or written here. Never updated.
struct OperationRow: RowWrite {
    static let sql = makeInsertSQL(
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

    func bind(to row: inout RowBinding) throws {
        row.bind("origin", self.operation.dot.node.rawValue)
        row.bind("seq", Int64(self.operation.dot.seq))
        row.bind("record_kind", self.operation.record.kind.rawValue)
        row.bind("record_id", self.operation.record.id)
        row.bind("hlc_millis", Int64(self.operation.timestamp.millis))
        row.bind("hlc_counter", Int64(self.operation.timestamp.counter))
        row.bind("author", self.operation.author)
        row.bind("clock", try self.prepared.clockJSON ?? Coding.encode(self.operation.clock))
        row.bind("changes_at", Int64(self.encoded.changesOffset))
        row.bind("body", blob: self.encoded.body)
        row.bind("hash", blob: self.encoded.hash.bytes)
        row.bind("schema", Int64(self.operation.schema))
    }
}

/// `entries`: one entry of a case, keyed by the operation that carried it.
struct EntryRow: RowWrite {
    static let sql = makeInsertSQL(
        into: "entries", columns: ["origin", "seq", "case_id", "kind", "hlc_millis", "hlc_counter", "author", "body"])
    let caseID: String
    let record: EntryRecord
    /// The entry's JSON when worked out already (`PreparedOperation`); otherwise it is encoded here.
    var json: String?

    func bind(to row: inout RowBinding) throws {
        row.bind("origin", self.record.dot.node.rawValue)
        row.bind("seq", Int64(self.record.dot.seq))
        row.bind("case_id", self.caseID)
        row.bind("kind", self.record.entry.kind)
        row.bind("hlc_millis", Int64(self.record.timestamp.millis))
        row.bind("hlc_counter", Int64(self.record.timestamp.counter))
        row.bind("author", self.record.author)
        row.bind("body", try self.json ?? Coding.encode(self.record.entry))
    }
}

/// `version_vector`: the highest `seq` held contiguously from one origin. Replaced as it grows.
struct VersionVectorRow: RowWrite {
    static let sql = makeInsertSQL(into: "version_vector", columns: ["origin", "seq"], orReplace: true)
    let origin: NodeID
    let seq: UInt64

    func bind(to row: inout RowBinding) throws {
        row.bind("origin", self.origin.rawValue)
        row.bind("seq", Int64(self.seq))
    }
}

/// `certificates`: a signer certificate, once.
struct CertificateRow: RowWrite {
    static let sql = "INSERT OR IGNORE INTO certificates (fingerprint, der) VALUES (:fingerprint, :der)"
    let certificate: SignerCertificate

    func bind(to row: inout RowBinding) throws {
        row.bind("fingerprint", self.certificate.fingerprint)
        row.bind("der", blob: self.certificate.der)
    }
}

/// `chain_signatures`: a verified (or, for this node, freshly made) chain-head signature.
struct ChainSignatureRow: RowWrite {
    static let sql = """
        INSERT OR IGNORE INTO chain_signatures (origin, seq, head, certificate, signature, resigned)
        VALUES (:origin, :seq, :head, :certificate, :signature, :resigned)
        """
    let signature: ChainSignature
    var resigned = false

    func bind(to row: inout RowBinding) throws {
        row.bind("origin", self.signature.origin.rawValue)
        row.bind("seq", Int64(self.signature.seq))
        row.bind("head", blob: self.signature.head.bytes)
        row.bind("certificate", self.signature.certificate)
        row.bind("signature", blob: self.signature.signature)
        row.bind("resigned", self.resigned)
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
