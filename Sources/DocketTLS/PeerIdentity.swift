import Foundation

/// Who the peer proved to be during the handshake.
///
/// The node id comes from the certificate's subject common name, or, when there is none, from its first
/// DNS subject alternative name. Certificates issued by `CertificateAuthority` carry the node id in both.
public struct PeerIdentity: Sendable, Hashable, CustomStringConvertible {
    /// The node id the certificate names.
    public var nodeID: String
    /// SHA-256 of the peer certificate's DER encoding, lowercase hex: what a revocation list names.
    public var certificateFingerprint: String
    /// When the peer's certificate stops being valid.
    public var certificateNotAfter: Date?

    /// Creates an identity; the transport builds these from verified certificates.
    public init(nodeID: String, certificateFingerprint: String, certificateNotAfter: Date?) {
        self.nodeID = nodeID
        self.certificateFingerprint = certificateFingerprint
        self.certificateNotAfter = certificateNotAfter
    }

    public var description: String { "\(self.nodeID) (sha256 \(self.certificateFingerprint.prefix(16))…)" }
}

extension PeerIdentity {
    /// Reads the identity from a certificate.
    /// - Throws: `TLSError` `.missingPeerIdentity` when the certificate names no node.
    init(certificate: X509Certificate) throws {
        let name = certificate.commonName ?? certificate.dnsNames.first
        guard let name, !name.isEmpty else {
            throw TLSError(.missingPeerIdentity, reason: "peer certificate has neither a subject CN nor a DNS SAN")
        }
        self.init(
            nodeID: name,
            certificateFingerprint: try certificate.sha256Fingerprint(),
            certificateNotAfter: certificate.notAfter
        )
    }
}
