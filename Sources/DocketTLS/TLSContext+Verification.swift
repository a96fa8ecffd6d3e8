import CDocketOpenSSL
import CDocketOpenSSLShims

/// OpenSSL's per-certificate verification hook.
///
/// It runs during the handshake, so a revoked certificate or the wrong node is refused with an alert before
/// any application data moves. The specific reason is stored on the `TLSConnection` so the handler can
/// report a precise `TLSError` instead of OpenSSL's generic "certificate verify failed".
let docketVerifyCallback: @convention(c) (Int32, OpaquePointer?) -> Int32 = { preverified, store in
    guard let store, let ssl = docket_X509_STORE_CTX_get_ssl(store),
        let raw = docket_SSL_get_app_data(ssl)
    else {
        return 0
    }
    let connection = Unmanaged<TLSConnection>.fromOpaque(raw).takeUnretainedValue()
    let depth = X509_STORE_CTX_get_error_depth(store)

    guard preverified == 1 else {
        let code = X509_STORE_CTX_get_error(store)
        connection.recordVerificationFailure(TLSConnection.verificationError(code: code, depth: depth))
        return 0
    }
    guard let current = X509_STORE_CTX_get_current_cert(store) else {
        return 0
    }
    let certificate = X509Certificate(borrowing: current)
    do {
        try connection.context.checkNotRevoked(certificate, depth: depth)
        if depth == 0 {
            let identity = try PeerIdentity(certificate: certificate)
            try connection.checkExpectedPeer(identity)
        }
        return 1
    } catch let error as TLSError {
        let x509Code = error.code == .certificateRevoked ? X509_V_ERR_CERT_REVOKED : X509_V_ERR_APPLICATION_VERIFICATION
        X509_STORE_CTX_set_error(store, x509Code)
        connection.recordVerificationFailure(error)
        return 0
    } catch {
        X509_STORE_CTX_set_error(store, X509_V_ERR_APPLICATION_VERIFICATION)
        connection.recordVerificationFailure(TLSError(.certificateInvalid, reason: "\(error)"))
        return 0
    }
}

extension TLSContext {
    /// Refuses a certificate whose SHA-256 fingerprint is on the revocation list.
    func checkNotRevoked(_ certificate: X509Certificate, depth: Int32) throws {
        guard !self.revokedFingerprints.isEmpty else { return }
        let fingerprint = try certificate.sha256Fingerprint()
        if self.revokedFingerprints.contains(fingerprint) {
            let subject = certificate.commonName ?? "?"
            throw TLSError(
                .certificateRevoked,
                reason: "certificate CN=\(subject) at depth \(depth) with SHA-256 \(fingerprint) is revoked"
            )
        }
    }
}
