import DocketCodec
import DocketCore
import Foundation

/// The file format that carries operations between offices without a network (`docket export`/`import`).
///
/// JSON lines, version 2 (docs/export-format.md):
/// 1. a header `{"format":"docket-operations","version":2,"from":NODE,"since":VECTOR,"count":N,
///    "certificates":C,"signatures":S}`;
/// 2. `count` lines `{"body":BASE64}`, one operation body each, per origin in `seq` order;
/// 3. `C` lines `{"certificate":BASE64_DER}` and `S` lines `{"signature":{…}}`: the chain signatures
///    covering the operations and the certificates they name;
/// 4. a trailer `{"end":true,"count":N,"sha256":HEX,"signer":FINGERPRINT,"signature":BASE64}`: the SHA-256
///    of every byte before the trailer, signed by the exporting office.
/// A truncated, edited or corrupted file fails the count or checksum, a forged one its signatures, and
/// either is refused whole.
public enum OperationFile {
    public static let format = "docket-operations"
    public static let version = 2
    /// Files larger than this are refused before reading; a week offline is far below it.
    public static let maximumBytes = 1 << 30
    static let maximumLineBytes = 2 << 20

    struct Header: Codable {
        let format: String
        let version: Int
        let from: String
        let since: String
        let count: Int
        let certificates: Int
        let signatures: Int
    }

    struct BodyLine: Codable { let body: String }
    struct CertificateLine: Codable { let certificate: String }
    struct SignatureLine: Codable { let signature: SignatureForm }

    struct SignatureForm: Codable {
        let origin: String
        let seq: UInt64
        let head: String
        let certificate: String
        let value: String
    }

    struct Trailer: Codable {
        let end: Bool
        let count: Int
        let sha256: String
        let signer: String
        let signature: String
    }

    /// A file's contents once checked.
    public struct Contents: Sendable {
        public let from: NodeID
        public let since: VersionVector
        public let batch: SignedBatch
    }

    /// Encodes a signed batch as a complete file, signed by `signer` (this office).
    public static func encode(_ batch: SignedBatch, since: VersionVector, signer: any ChainSigning) throws -> Data {
        var certificates = batch.certificates
        if !certificates.contains(where: { $0.fingerprint == signer.certificate.fingerprint }) {
            certificates.append(signer.certificate)
        }
        var lines: [String] = [try Coding.encode(Header(
            format: Self.format, version: Self.version, from: signer.node.rawValue, since: since.description,
            count: batch.operations.count, certificates: certificates.count, signatures: batch.signatures.count))]
        for operation in batch.operations {
            lines.append(try Coding.encode(BodyLine(body: Data(operation.body).base64EncodedString())))
        }
        for certificate in certificates {
            lines.append(try Coding.encode(CertificateLine(certificate: Data(certificate.der).base64EncodedString())))
        }
        for signature in batch.signatures {
            lines.append(try Coding.encode(SignatureLine(signature: SignatureForm(
                origin: signature.origin.rawValue, seq: signature.seq, head: signature.head.hex,
                certificate: signature.certificate, value: Data(signature.signature).base64EncodedString()))))
        }
        var body = Data(lines.joined(separator: "\n").utf8)
        body.append(0x0A)
        let digest = SHA256.digest(of: body)
        let trailer = Trailer(
            end: true, count: batch.operations.count, sha256: Hex.encode(digest), signer: signer.certificate.fingerprint,
            signature: Data(try signer.signFile(sha256: digest)).base64EncodedString())
        body.append(contentsOf: Array(try Coding.encode(trailer).utf8) + [0x0A])
        return body
    }
}
