import CDocketOpenSSL
import CDocketOpenSSLShims

/// An OpenSSL `SSL_CTX` configured from a `TLSConfiguration`, shared by every connection of a node.
///
/// One context serves both roles: a connection becomes client or server when it is created. The context
/// is immutable after `init`, which is what makes sharing it across event loops safe.
public final class TLSContext: @unchecked Sendable {
    let pointer: OpaquePointer
    /// The configuration the context was built from.
    public let configuration: TLSConfiguration
    /// This node's own identity, read from its certificate (useful for logs and expiry reporting).
    public let localIdentity: PeerIdentity
    let revokedFingerprints: Set<String>

    /// Loads the certificates and key and applies Docket's fixed TLS policy.
    /// - Throws: `TLSError` `.configurationInvalid` with OpenSSL's reason when a file is missing or unreadable,
    ///   the key does not match the certificate, or a setting is rejected.
    public init(configuration: TLSConfiguration) throws {
        guard let context = SSL_CTX_new(TLS_method()) else {
            throw TLSError.fromErrorQueue(.configurationInvalid, context: "SSL_CTX_new failed")
        }
        // From here on `deinit` does not run if we throw, so free the context ourselves on failure.
        do {
            try Self.applyPolicy(to: context, configuration: configuration)
            try Self.loadCredentials(into: context, configuration: configuration)
            let certificate = try X509Certificate(pemFile: configuration.certificatePath)
            self.localIdentity = try PeerIdentity(certificate: certificate)
        } catch {
            SSL_CTX_free(context)
            throw error
        }
        let revoked = configuration.normalizedRevokedFingerprints
        // A mistyped entry would silently revoke nothing, so it is a configuration error.
        if let malformed = revoked.first(where: { $0.count != 64 }) {
            SSL_CTX_free(context)
            throw TLSError(
                .configurationInvalid,
                reason: "revoked fingerprint \"\(malformed)\" is not a SHA-256 (64 hex digits)"
            )
        }
        self.pointer = context
        self.configuration = configuration
        self.revokedFingerprints = revoked
    }

    deinit {
        SSL_CTX_free(self.pointer)
    }

    private static func applyPolicy(to context: OpaquePointer, configuration: TLSConfiguration) throws {
        // TLS 1.3 only: no downgrade, and the 1.3 handshake encrypts certificates.
        guard docket_SSL_CTX_set_min_proto_version(context, TLS1_3_VERSION) == 1,
            docket_SSL_CTX_set_max_proto_version(context, TLS1_3_VERSION) == 1
        else {
            throw TLSError.fromErrorQueue(.configurationInvalid, context: "cannot restrict protocol to TLS 1.3")
        }
        // Renegotiation and compression are attack surface with no use here. Tickets and the session cache
        // are off so every connection runs a full handshake and every peer certificate is verified afresh
        // (a resumed session would skip the revocation check).
        let options = docket_SSL_OP_NO_RENEGOTIATION() | docket_SSL_OP_NO_COMPRESSION() | docket_SSL_OP_NO_TICKET()
        SSL_CTX_set_options(context, options)
        _ = docket_SSL_CTX_set_session_cache_mode(context, Int(SSL_SESS_CACHE_OFF))
        guard SSL_CTX_set_num_tickets(context, 0) == 1 else {
            throw TLSError.fromErrorQueue(.configurationInvalid, context: "cannot disable session tickets")
        }
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, docketVerifyCallback)
        guard configuration.maximumVerifyDepth >= 1 else {
            throw TLSError(.configurationInvalid, reason: "maximumVerifyDepth must be at least 1")
        }
        SSL_CTX_set_verify_depth(context, Int32(configuration.maximumVerifyDepth))
    }

    private static func loadCredentials(into context: OpaquePointer, configuration: TLSConfiguration) throws {
        guard SSL_CTX_load_verify_locations(context, configuration.caCertificatePath, nil) == 1 else {
            throw TLSError.fromErrorQueue(
                .configurationInvalid,
                context: "cannot load CA certificate \(configuration.caCertificatePath)"
            )
        }
        // Tell clients which CA we expect their certificate from; the context takes ownership of the list.
        if let names = SSL_load_client_CA_file(configuration.caCertificatePath) {
            SSL_CTX_set_client_CA_list(context, names)
        } else {
            _ = OpenSSLErrorQueue.drain()
        }
        guard SSL_CTX_use_certificate_chain_file(context, configuration.certificatePath) == 1 else {
            throw TLSError.fromErrorQueue(
                .configurationInvalid,
                context: "cannot load certificate \(configuration.certificatePath)"
            )
        }
        guard SSL_CTX_use_PrivateKey_file(context, configuration.privateKeyPath, SSL_FILETYPE_PEM) == 1 else {
            throw TLSError.fromErrorQueue(
                .configurationInvalid,
                context: "cannot load private key \(configuration.privateKeyPath)"
            )
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            throw TLSError.fromErrorQueue(.configurationInvalid, context: "private key does not match certificate")
        }
    }
}

extension TLSContext {
    /// Protocol versions and options as OpenSSL reports them, for tests of the policy.
    var minimumProtocolVersion: Int32 { docket_SSL_CTX_get_min_proto_version(self.pointer) }
    var maximumProtocolVersion: Int32 { docket_SSL_CTX_get_max_proto_version(self.pointer) }
    var options: UInt64 { SSL_CTX_get_options(self.pointer) }
    var verifyMode: Int32 { SSL_CTX_get_verify_mode(self.pointer) }
}
