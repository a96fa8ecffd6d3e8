import CDocketOpenSSL
import CDocketOpenSSLShims
import DocketCore

/// What the expensive checks found for one signer certificate. Immutable, so shared without a lock.
final class CheckedCertificate: @unchecked Sendable {
    let der: [UInt8]
    /// SHA-256 of `der`, lowercase hex.
    let fingerprint: String
    /// Why the certificate is not trusted, or nil when it chains to the CA.
    let untrustedBecause: String?
    /// The node the certificate names: its CN, else its first DNS subject alternative name.
    let node: String?
    private let certificate: X509Certificate?
    /// `EVP_PKEY*` owned by `certificate`.
    private let publicKey: OpaquePointer?

    init(der: [UInt8], fingerprint: String, untrustedBecause: String) {
        self.der = der
        self.fingerprint = fingerprint
        self.untrustedBecause = untrustedBecause
        self.node = nil
        self.certificate = nil
        self.publicKey = nil
    }

    init(der: [UInt8], fingerprint: String, trusted certificate: X509Certificate, publicKey: OpaquePointer) {
        self.der = der
        self.fingerprint = fingerprint
        self.untrustedBecause = nil
        self.node = try? PeerIdentity(certificate: certificate).nodeID
        self.certificate = certificate
        self.publicKey = publicKey
    }

    /// Whether `signature` over `message` was made with the certificate's key.
    func isValid(_ signature: [UInt8], over message: [UInt8]) -> Bool {
        // A method keeps `self`, and with it the certificate owning the key, alive during the check.
        guard let publicKey = self.publicKey else { return false }
        return DigestSignature.verify(signature, over: message, with: publicKey)
    }
}

extension ChainVerifier {
    /// The outcome of parsing `certificate` and verifying its chain, from the cache when known.
    /// Nil when `certificate.fingerprint` is not the SHA-256 of `certificate.der`.
    func check(_ certificate: SignerCertificate) -> CheckedCertificate? {
        if let cached = self.checked.withLockedValue({ $0[certificate.fingerprint] }) {
            // Other bytes under a known fingerprint must not borrow that certificate's verdict.
            return cached.der == certificate.der ? cached : nil
        }
        guard let digest = try? DigestSignature.sha256(certificate.der),
            Hex.encode(digest) == certificate.fingerprint
        else { return nil }
        let result = self.examine(certificate.der, fingerprint: certificate.fingerprint)
        self.checked.withLockedValue { cache in
            if cache.count >= Self.cacheLimit {
                cache.removeAll()
            }
            cache[result.fingerprint] = result
        }
        return result
    }

    private func examine(_ der: [UInt8], fingerprint: String) -> CheckedCertificate {
        let certificate: X509Certificate
        do {
            certificate = try X509Certificate(der: der)
        } catch {
            let reason = (error as? TLSError)?.reason ?? "\(error)"
            return CheckedCertificate(der: der, fingerprint: fingerprint, untrustedBecause: reason)
        }
        if let problem = self.chainProblem(certificate) {
            return CheckedCertificate(der: der, fingerprint: fingerprint, untrustedBecause: problem)
        }
        guard let publicKey = X509_get0_pubkey(certificate.pointer) else {
            _ = OpenSSLErrorQueue.drain()
            return CheckedCertificate(der: der, fingerprint: fingerprint, untrustedBecause: "unreadable public key")
        }
        return CheckedCertificate(der: der, fingerprint: fingerprint, trusted: certificate, publicKey: publicKey)
    }

    /// Why `certificate` does not chain to the CA, or nil when it does. The validity period is not checked:
    /// an operation stays valid after its certificate expires or is rotated; revocation is the kill switch.
    private func chainProblem(_ certificate: X509Certificate) -> String? {
        guard let context = X509_STORE_CTX_new() else {
            return TLSError.fromErrorQueue(.certificateInvalid, context: "cannot allocate a verify context").reason
        }
        defer { X509_STORE_CTX_free(context) }
        guard X509_STORE_CTX_init(context, self.store, certificate.pointer, nil) == 1 else {
            return TLSError.fromErrorQueue(.certificateInvalid, context: "cannot start verification").reason
        }
        X509_STORE_CTX_set_flags(context, UInt(X509_V_FLAG_NO_CHECK_TIME))
        guard X509_verify_cert(context) == 1 else {
            let code = X509_STORE_CTX_get_error(context)
            _ = OpenSSLErrorQueue.drain()
            guard let text = X509_verify_cert_error_string(Int(code)) else { return "verify error \(code)" }
            return "verification against the CA failed: \(String(cString: text))"
        }
        return nil
    }
}
