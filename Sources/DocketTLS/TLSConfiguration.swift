import Logging
import NIOCore

/// Where a node finds its certificates, and how strict the transport is (`options`, whose members read as
/// the configuration's own: `configuration.handshakeTimeout`).
@dynamicMemberLookup
public struct TLSConfiguration: Sendable, Hashable {
    /// PEM file with the organisation CA certificate(s) that peers must chain to.
    public var caCertificatePath: String
    /// PEM file with this node's certificate, optionally followed by intermediates.
    public var certificatePath: String
    /// PEM file with this node's private key.
    public var privateKeyPath: String
    public var options: TLSOptions

    /// Creates a configuration with safe defaults for everything but the file paths.
    public init(
        caCertificatePath: String,
        certificatePath: String,
        privateKeyPath: String,
        options: TLSOptions = TLSOptions()
    ) {
        self.caCertificatePath = caCertificatePath
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
        self.options = options
    }

    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<TLSOptions, Value>) -> Value {
        get { self.options[keyPath: keyPath] }
        set { self.options[keyPath: keyPath] = newValue }
    }

    /// The revoked fingerprints in the canonical form used for comparison: lowercase hex, no separators.
    var normalizedRevokedFingerprints: Set<String> {
        Set(self.options.revokedFingerprints.map(CertificateFingerprint.normalize))
    }
}
