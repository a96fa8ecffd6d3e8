import CDocketOpenSSL
import CDocketOpenSSLShims
import Foundation

/// Assembles and signs one X.509 v3 certificate with libcrypto.
struct CertificateBuilder {
    var commonName: String
    var organization: String?
    var notBefore: Date
    var notAfter: Date
    /// Extensions in OpenSSL's configuration syntax, e.g. (`NID_basic_constraints`, "critical,CA:TRUE").
    var extensions: [(nid: Int32, value: String)]

    /// Signs a certificate for `subjectKey`; with no issuer it is self-signed by `subjectKey`.
    func sign(subjectKey: PrivateKey, issuer: (certificate: X509Certificate, key: PrivateKey)?) throws
        -> X509Certificate
    {
        guard let raw = X509_new() else {
            throw TLSError.fromErrorQueue(.certificateIssuanceFailed, context: "X509_new failed")
        }
        let certificate = X509Certificate(taking: raw)
        try check(X509_set_version(raw, 2), "X509_set_version")
        try self.setRandomSerial(raw)
        guard ASN1_TIME_set(X509_getm_notBefore(raw), time_t(self.notBefore.timeIntervalSince1970)) != nil,
            ASN1_TIME_set(X509_getm_notAfter(raw), time_t(self.notAfter.timeIntervalSince1970)) != nil
        else {
            throw TLSError.fromErrorQueue(.certificateIssuanceFailed, context: "cannot set validity period")
        }
        try self.setSubject(raw)
        let issuerName = issuer.map { X509_get_subject_name($0.certificate.pointer) } ?? X509_get_subject_name(raw)
        try check(X509_set_issuer_name(raw, issuerName), "X509_set_issuer_name")
        try check(X509_set_pubkey(raw, subjectKey.pointer), "X509_set_pubkey")

        var v3 = X509V3_CTX()
        // A self-signed certificate is its own issuer, so authorityKeyIdentifier copies its own key id.
        X509V3_set_ctx(&v3, issuer?.certificate.pointer ?? raw, raw, nil, nil, 0)
        for (nid, value) in self.extensions {
            guard let extensionPointer = X509V3_EXT_conf_nid(nil, &v3, nid, value) else {
                throw TLSError.fromErrorQueue(.certificateIssuanceFailed, context: "bad extension \(value)")
            }
            defer { X509_EXTENSION_free(extensionPointer) }
            try check(X509_add_ext(raw, extensionPointer, -1), "X509_add_ext")
        }
        let signingKey = issuer?.key ?? subjectKey
        guard X509_sign(raw, signingKey.pointer, EVP_sha256()) > 0 else {
            throw TLSError.fromErrorQueue(.certificateIssuanceFailed, context: "X509_sign failed")
        }
        return certificate
    }

    /// 159 random bits: unique without a serial database, and positive in DER as RFC 5280 requires.
    private func setRandomSerial(_ certificate: OpaquePointer) throws {
        guard let number = BN_new() else {
            throw TLSError.fromErrorQueue(.certificateIssuanceFailed, context: "BN_new failed")
        }
        defer { BN_free(number) }
        try check(BN_rand(number, 159, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY), "BN_rand")
        guard BN_to_ASN1_INTEGER(number, X509_get_serialNumber(certificate)) != nil else {
            throw TLSError.fromErrorQueue(.certificateIssuanceFailed, context: "cannot set serial number")
        }
    }

    private func setSubject(_ certificate: OpaquePointer) throws {
        guard let name = X509_NAME_new() else {
            throw TLSError.fromErrorQueue(.certificateIssuanceFailed, context: "X509_NAME_new failed")
        }
        defer { X509_NAME_free(name) }
        if let organization = self.organization {
            try check(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, organization, -1, -1, 0), "subject O")
        }
        try check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, self.commonName, -1, -1, 0), "subject CN")
        try check(X509_set_subject_name(certificate, name), "X509_set_subject_name")
    }
}

/// Turns an OpenSSL status (1 is success) into a thrown error carrying the queue's reasons.
private func check(_ status: Int32, _ step: String) throws {
    guard status == 1 else {
        throw TLSError.fromErrorQueue(.certificateIssuanceFailed, context: "\(step) failed")
    }
}
