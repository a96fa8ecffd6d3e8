import CDocketOpenSSL
import CDocketOpenSSLShims

extension TLSConnection {
    /// The most specific error for a failed handshake, with OpenSSL's reasons attached.
    func handshakeError() -> TLSError {
        let entries = OpenSSLErrorQueue.drainCodes()
        let openSSLReason = entries.map(\.text).joined(separator: "; ")
        if var failure = self.verificationFailure {
            if !openSSLReason.isEmpty { failure.reason += " (\(openSSLReason))" }
            return failure
        }
        let verifyResult = Int32(SSL_get_verify_result(self.ssl))
        if verifyResult != X509_V_OK {
            var error = Self.verificationError(code: verifyResult, depth: 0)
            if !openSSLReason.isEmpty { error.reason += " (\(openSSLReason))" }
            return error
        }
        let code = Self.code(forReasons: entries.map(\.reason)) ?? .handshakeFailed
        return TLSError(code, reason: openSSLReason.isEmpty ? "handshake failed" : openSSLReason)
    }

    /// An error for a failure after the handshake (an alert, a corrupt record, a failed write).
    func connectionError(_ fallback: TLSError.Code) -> TLSError {
        let entries = OpenSSLErrorQueue.drainCodes()
        let openSSLReason = entries.map(\.text).joined(separator: "; ")
        // In TLS 1.3 a client finishes its handshake before the server has checked the client certificate,
        // so a refusal of our certificate arrives as an alert on the first read.
        let code = Self.code(forReasons: entries.map(\.reason)) ?? fallback
        return TLSError(code, reason: openSSLReason.isEmpty ? "\(fallback)" : openSSLReason)
    }

    /// Maps OpenSSL reason codes to our codes; nil when none is more specific than the caller's fallback.
    static func code(forReasons reasons: [Int32]) -> TLSError.Code? {
        for reason in reasons {
            switch reason {
            case SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE:
                return .noPeerCertificate
            case SSL_R_UNSUPPORTED_PROTOCOL, SSL_R_TLSV1_ALERT_PROTOCOL_VERSION, SSL_R_NO_PROTOCOLS_AVAILABLE,
                SSL_R_WRONG_SSL_VERSION:
                return .protocolVersionRejected
            case SSL_AD_REASON_OFFSET...:
                // Alerts are reported as SSL_AD_REASON_OFFSET + alert number.
                return .rejectedByPeer
            default:
                continue
            }
        }
        return nil
    }

    /// Maps an X.509 verification result to a code, naming OpenSSL's description of it.
    static func verificationError(code: Int32, depth: Int32) -> TLSError {
        let description = String(cString: X509_verify_cert_error_string(Int(code)))
        let reason = "certificate verify failed at depth \(depth): \(description) (X509 error \(code))"
        switch code {
        case X509_V_ERR_CERT_HAS_EXPIRED:
            return TLSError(.certificateExpired, reason: reason)
        case X509_V_ERR_CERT_NOT_YET_VALID:
            return TLSError(.certificateNotYetValid, reason: reason)
        case X509_V_ERR_CERT_REVOKED:
            return TLSError(.certificateRevoked, reason: reason)
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
            X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN,
            X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE, X509_V_ERR_CERT_SIGNATURE_FAILURE:
            return TLSError(.unknownCertificateAuthority, reason: reason)
        default:
            return TLSError(.certificateInvalid, reason: reason)
        }
    }
}
