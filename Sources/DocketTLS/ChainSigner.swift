import CDocketOpenSSL
import CDocketOpenSSLShims
import DocketCore

/// Signs this node's chain heads with the private key of its CA-issued certificate.
///
/// Immutable after `init`; OpenSSL may use one key from many threads as long as each signature gets its own
/// digest context, which `DigestSignature` ensures.
public final class ChainSigner: ChainSigning, @unchecked Sendable {
    public let node: NodeID
    public let certificate: SignerCertificate
    private let key: PrivateKey

    /// Loads the first certificate of `certificatePath` and the PEM private key at `privateKeyPath`.
    /// - Throws: `TLSError` `.configurationInvalid` when a file is unreadable, the key does not belong to the
    ///   certificate, or the certificate names no valid node id.
    public init(certificatePath: String, privateKeyPath: String) throws {
        let certificate = try X509Certificate(pemFile: certificatePath)
        let key: PrivateKey
        do {
            key = try PrivateKey.load(pemFile: privateKeyPath)
        } catch let error as TLSError {
            throw TLSError(.configurationInvalid, reason: error.reason)
        }
        guard X509_check_private_key(certificate.pointer, key.pointer) == 1 else {
            throw TLSError.fromErrorQueue(
                .configurationInvalid,
                context: "private key \(privateKeyPath) does not match certificate \(certificatePath)"
            )
        }
        let name = try PeerIdentity(certificate: certificate).nodeID
        do {
            self.node = try NodeID(name)
        } catch {
            throw TLSError(
                .configurationInvalid,
                reason: "certificate \(certificatePath) names no valid node: \(error)"
            )
        }
        self.certificate = SignerCertificate(der: try certificate.derEncoded())
        self.key = key
    }

    /// Signs with the node's certificate files.
    /// - Throws: `TLSError` `.configurationInvalid`, also when the certificate names another node.
    public convenience init(node: NodeCertificate) throws {
        try self.init(certificatePath: node.certificatePath, privateKeyPath: node.privateKeyPath)
        guard self.node.rawValue == node.nodeID else {
            throw TLSError(
                .configurationInvalid,
                reason: "certificate \(node.certificatePath) names \(self.node), not \(node.nodeID)"
            )
        }
    }

    /// Signs with the certificate and key the transport presents.
    public convenience init(configuration: TLSConfiguration) throws {
        try self.init(certificatePath: configuration.certificatePath, privateKeyPath: configuration.privateKeyPath)
    }

    /// - Throws: `TLSError` `.signingFailed` with OpenSSL's reason.
    public func sign(seq: UInt64, head: ChainHash) throws -> ChainSignature {
        let message = ChainSignature.message(origin: self.node, seq: seq, head: head)
        return ChainSignature(
            origin: self.node,
            seq: seq,
            head: head,
            certificate: self.certificate.fingerprint,
            signature: try DigestSignature.sign(message, with: self.key.pointer)
        )
    }

    public func signFile(sha256: [UInt8]) throws -> [UInt8] {
        try DigestSignature.sign(FileSignature.message(sha256: sha256), with: self.key.pointer)
    }
}
