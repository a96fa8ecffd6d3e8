import Logging
import NIOCore

/// Where a node finds its certificates and how strict the transport is.
///
/// The defaults are the safe ones; there is no setting that weakens TLS 1.3-only, mutual authentication,
/// or the refusal of renegotiation and compression.
public struct TLSConfiguration: Sendable, Hashable {
    /// PEM file with the organisation CA certificate(s) that peers must chain to.
    public var caCertificatePath: String
    /// PEM file with this node's certificate, optionally followed by intermediates.
    public var certificatePath: String
    /// PEM file with this node's private key.
    public var privateKeyPath: String
    /// SHA-256 fingerprints of DER certificates to refuse, as hex (case and `:` separators are ignored).
    public var revokedFingerprints: Set<String>
    /// How long a handshake may take before the connection is dropped.
    public var handshakeTimeout: TimeAmount
    /// How long to wait for the peer's close_notify after sending ours before closing anyway.
    public var shutdownTimeout: TimeAmount
    /// Longest accepted chain below the trust anchor: 1 allows one intermediate CA.
    public var maximumVerifyDepth: Int

    /// Creates a configuration with safe defaults for everything but the file paths.
    public init(
        caCertificatePath: String,
        certificatePath: String,
        privateKeyPath: String,
        revokedFingerprints: Set<String> = [],
        handshakeTimeout: TimeAmount = .seconds(10),
        shutdownTimeout: TimeAmount = .seconds(5),
        maximumVerifyDepth: Int = 2
    ) {
        self.caCertificatePath = caCertificatePath
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
        self.revokedFingerprints = revokedFingerprints
        self.handshakeTimeout = handshakeTimeout
        self.shutdownTimeout = shutdownTimeout
        self.maximumVerifyDepth = maximumVerifyDepth
    }

    /// The revoked fingerprints in the canonical form used for comparison: lowercase hex, no separators.
    var normalizedRevokedFingerprints: Set<String> {
        Set(self.revokedFingerprints.map(CertificateFingerprint.normalize))
    }
}
