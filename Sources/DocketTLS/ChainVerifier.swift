import CDocketOpenSSL
import CDocketOpenSSLShims
import DocketCore
import NIOConcurrencyHelpers

/// Checks chain-head signatures against the organisation CA and the revocation list.
///
/// Parsing a certificate and building its chain to the CA are the expensive steps, so their outcome is kept
/// per certificate; the revocation and signature checks run on every call. Safe to use from many threads:
/// the `X509_STORE` is only read, and the cache is behind a lock.
public final class ChainVerifier: ChainVerifying, @unchecked Sendable {
    /// The revoked certificate fingerprints: lowercase hex, no separators.
    public let revokedFingerprints: Set<String>
    /// `X509_STORE*` holding the CA certificates.
    let store: OpaquePointer
    let checked = NIOLockedValueBox<[String: CheckedCertificate]>([:])

    /// Offices hold a handful of certificates each, so this bound is only reached by a flood of junk.
    static let cacheLimit = 1024

    /// Trusts the certificates of the PEM file `caCertificatePath` (one or more).
    /// - Parameter revokedFingerprints: SHA-256 fingerprints, in any case, with or without `:` separators.
    /// - Throws: `TLSError` `.configurationInvalid` when the CA file holds no readable certificate or a
    ///   revoked fingerprint is not 64 hex digits.
    public init(caCertificatePath: String, revokedFingerprints: Set<String> = []) throws {
        let revoked = Set(revokedFingerprints.map(CertificateFingerprint.normalize))
        // A mistyped entry would silently revoke nothing, so it is a configuration error.
        if let malformed = revoked.first(where: { $0.count != 64 }) {
            throw TLSError(
                .configurationInvalid,
                reason: "revoked fingerprint \"\(malformed)\" is not a SHA-256 (64 hex digits)"
            )
        }
        guard let store = X509_STORE_new() else {
            throw TLSError.fromErrorQueue(.configurationInvalid, context: "cannot allocate a certificate store")
        }
        guard X509_STORE_load_file(store, caCertificatePath) == 1 else {
            X509_STORE_free(store)
            throw TLSError.fromErrorQueue(
                .configurationInvalid,
                context: "cannot load CA certificate \(caCertificatePath)"
            )
        }
        self.store = store
        self.revokedFingerprints = revoked
    }

    /// Trusts the CA and honours the revocation list the transport uses.
    public convenience init(configuration: TLSConfiguration) throws {
        try self.init(
            caCertificatePath: configuration.caCertificatePath,
            revokedFingerprints: configuration.normalizedRevokedFingerprints
        )
    }

    deinit {
        X509_STORE_free(self.store)
    }

    public func isRevoked(_ fingerprint: String) -> Bool {
        self.revokedFingerprints.contains(CertificateFingerprint.normalize(fingerprint))
    }

    public func verify(_ signature: ChainSignature, certificate: SignerCertificate) throws {
        func refusal(_ reason: ChainRefusal.Reason, _ why: String) -> ChainRefusal {
            let claim = "\(signature.origin) seq \(signature.seq)"
            return ChainRefusal(reason, "\(claim), certificate \(certificate.fingerprint.prefix(12)): \(why)")
        }
        guard certificate.fingerprint == signature.certificate else {
            throw refusal(.unknownCertificate, "the signature names \(signature.certificate.prefix(12))")
        }
        guard let checked = self.check(certificate) else {
            throw refusal(.unknownCertificate, "the fingerprint is not the SHA-256 of the certificate")
        }
        if let problem = checked.untrustedBecause {
            throw refusal(.untrustedCertificate, problem)
        }
        guard let node = checked.node else {
            throw refusal(.wrongSigner, "the certificate names no node")
        }
        guard node == signature.origin.rawValue else {
            throw refusal(.wrongSigner, "the certificate names \(node)")
        }
        guard !self.revokedFingerprints.contains(checked.fingerprint) else {
            throw refusal(.revokedCertificate, "the certificate is revoked")
        }
        guard checked.isValid(signature.signature, over: signature.message) else {
            throw refusal(.badSignature, "the signature does not match the certificate's key")
        }
    }

    public func verifyFile(_ signature: [UInt8], sha256: [UInt8], sender: NodeID, certificate: SignerCertificate) throws {
        func refusal(_ reason: ChainRefusal.Reason, _ why: String) -> ChainRefusal {
            ChainRefusal(reason, "the file's signer, certificate \(certificate.fingerprint.prefix(12)): \(why)")
        }
        guard let checked = self.check(certificate) else {
            throw refusal(.unknownCertificate, "the fingerprint is not the SHA-256 of the certificate")
        }
        if let problem = checked.untrustedBecause { throw refusal(.untrustedCertificate, problem) }
        guard let node = checked.node, node == sender.rawValue else {
            throw refusal(.wrongSender, "the header names \(sender) but the certificate names \(checked.node ?? "no node")")
        }
        guard !self.revokedFingerprints.contains(checked.fingerprint) else {
            throw refusal(.revokedCertificate, "the certificate is revoked")
        }
        guard checked.isValid(signature, over: FileSignature.message(sha256: sha256)) else {
            throw refusal(.badSignature, "the signature does not match the certificate's key")
        }
    }
}
