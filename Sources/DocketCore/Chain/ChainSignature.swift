/// An office's signature over its chain head: "the operations I wrote up to `seq` end in `head`".
///
/// Because every operation commits to its predecessor, one signature covers every operation of its
/// origin up to `seq`. Signatures travel with the operations they cover, so any office can check what it
/// is given, however many offices it passed through.
public struct ChainSignature: Hashable, Sendable {
    public var origin: NodeID
    public var seq: UInt64
    public var head: ChainHash
    /// SHA-256 of the signer certificate's DER encoding, lowercase hex.
    public var certificate: String
    /// The signature over `message`, in the signer key's usual encoding (DER for ECDSA).
    public var signature: [UInt8]

    public init(origin: NodeID, seq: UInt64, head: ChainHash, certificate: String, signature: [UInt8]) {
        self.origin = origin
        self.seq = seq
        self.head = head
        self.certificate = certificate
        self.signature = signature
    }

    /// The bytes that are signed: a fixed label, the origin, the seq and the head, at fixed widths so
    /// no two claims share an encoding.
    ///
    /// `"docket-chain-v1"`, one zero byte, one byte giving the origin's UTF-8 length, the origin,
    /// the seq as 8 bytes big-endian, then the 32 bytes of the head.
    public static func message(origin: NodeID, seq: UInt64, head: ChainHash) -> [UInt8] {
        var bytes = Array("docket-chain-v1".utf8)
        bytes.append(0)
        let name = Array(origin.rawValue.utf8)
        bytes.append(UInt8(truncatingIfNeeded: name.count))
        bytes.append(contentsOf: name)
        for shift in stride(from: 56, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: seq >> UInt64(shift)))
        }
        bytes.append(contentsOf: head.bytes)
        return bytes
    }

    /// `message(origin:seq:head:)` for this signature's own claim.
    public var message: [UInt8] { Self.message(origin: self.origin, seq: self.seq, head: self.head) }
}

/// A certificate that signed (or may sign) chain heads, as it travels: DER bytes and their fingerprint.
public struct SignerCertificate: Hashable, Sendable {
    /// The X.509 certificate, DER-encoded.
    public var der: [UInt8]
    /// SHA-256 of `der`, lowercase hex.
    public var fingerprint: String

    /// Wraps DER bytes, computing their fingerprint.
    public init(der: [UInt8]) {
        self.der = der
        self.fingerprint = Hex.encode(SHA256.digest(of: der))
    }
}

/// Signs this office's chain heads with the key of its CA-issued certificate.
public protocol ChainSigning: Sendable {
    /// The node the certificate names: the only origin this signer signs for.
    var node: NodeID { get }
    /// The certificate whose key signs.
    var certificate: SignerCertificate { get }
    /// A signature claiming that this node's operations up to `seq` end in `head`.
    func sign(seq: UInt64, head: ChainHash) throws -> ChainSignature
    /// A signature over `FileSignature.message(sha256:)`: this node wrote the operations file with
    /// that checksum.
    func signFile(sha256: [UInt8]) throws -> [UInt8]
}

/// What the exporting office signs in an operations file: a fixed label, distinct from chain claims, then
/// the 32-byte SHA-256 of everything before the file's trailer.
public enum FileSignature {
    public static func message(sha256: [UInt8]) -> [UInt8] {
        Array("docket-file-v1".utf8) + [0] + sha256
    }
}

/// Checks a chain-head signature against the organisation CA and its revocation list.
public protocol ChainVerifying: Sendable {
    /// Whether a certificate with this fingerprint is revoked here, so senders can avoid offering
    /// signatures the receiver would refuse.
    func isRevoked(_ fingerprint: String) -> Bool

    /// Checks that `certificate` is the one `signature` names, chains to the organisation CA (its validity
    /// period is not checked: an operation stays valid after its certificate expires or is rotated), names
    /// `signature.origin`, is not revoked, and that the signature over `signature.message` is valid.
    /// - Throws: `ChainRefusal` saying which check failed.
    func verify(_ signature: ChainSignature, certificate: SignerCertificate) throws

    /// Checks an operations file's signature: `certificate` chains to the CA, names `sender`, is not
    /// revoked, and signed `FileSignature.message(sha256:)`.
    /// - Throws: `ChainRefusal`; `.wrongSender` when the certificate names another node.
    func verifyFile(_ signature: [UInt8], sha256: [UInt8], sender: NodeID, certificate: SignerCertificate) throws
}

/// Why an operation, a signature or a chain was refused.
public struct ChainRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: String, Sendable {
        /// The certificate does not chain to the organisation CA, or cannot be read.
        case untrustedCertificate = "untrusted certificate"
        /// The certificate names another node than the origin.
        case wrongSigner = "wrong signer"
        case revokedCertificate = "revoked certificate"
        case badSignature = "bad signature"
        /// A signature names a certificate the batch does not carry and this replica does not hold.
        case unknownCertificate = "unknown certificate"
        /// An operation does not commit to its predecessor's hash.
        case brokenChain = "broken chain"
        /// Operations are not covered by any signature.
        case unsigned = "unsigned"
        /// A different operation under a dot already held, or a signed head that contradicts one held.
        case equivocation = "equivocation"
        /// A file's header names another sender than the certificate that signed the file.
        case wrongSender = "wrong sender"
    }

    public var reason: Reason
    public var detail: String

    public init(_ reason: Reason, _ detail: String) {
        self.reason = reason
        self.detail = detail
    }

    public var description: String { "\(self.reason.rawValue): \(self.detail)" }
}
