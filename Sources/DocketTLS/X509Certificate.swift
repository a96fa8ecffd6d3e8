import CDocketOpenSSL
import CDocketOpenSSLShims
import Foundation

/// An owned `X509*`, freed when the wrapper goes away.
final class X509Certificate {
    let pointer: OpaquePointer

    /// Takes ownership of a certificate reference.
    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    /// Shares a certificate owned elsewhere by taking a reference of our own.
    convenience init(borrowing pointer: OpaquePointer) {
        X509_up_ref(pointer)
        self.init(taking: pointer)
    }

    /// Reads the first certificate of a PEM file.
    convenience init(pemFile path: String) throws {
        guard let bio = BIO_new_file(path, "r") else {
            throw TLSError.fromErrorQueue(.configurationInvalid, context: "cannot open certificate \(path)")
        }
        defer { BIO_free(bio) }
        guard let certificate = PEM_read_bio_X509(bio, nil, nil, nil) else {
            throw TLSError.fromErrorQueue(.configurationInvalid, context: "no PEM certificate in \(path)")
        }
        self.init(taking: certificate)
    }

    deinit {
        X509_free(self.pointer)
    }

    /// SHA-256 of the DER encoding, as lowercase hex.
    func sha256Fingerprint() throws -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_digest(self.pointer, EVP_sha256(), &digest, &length) == 1 else {
            throw TLSError.fromErrorQueue(.certificateInvalid, context: "cannot fingerprint certificate")
        }
        return digest.prefix(Int(length)).map { String(format: "%02x", $0) }.joined()
    }

    /// The subject's first common name, if any.
    var commonName: String? {
        guard let subject = X509_get_subject_name(self.pointer) else { return nil }
        let index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1)
        guard index >= 0, let entry = X509_NAME_get_entry(subject, index),
            let data = X509_NAME_ENTRY_get_data(entry)
        else { return nil }
        var utf8: UnsafeMutablePointer<UInt8>?
        let length = ASN1_STRING_to_UTF8(&utf8, data)
        guard length >= 0, let utf8 else {
            _ = OpenSSLErrorQueue.drain()
            return nil
        }
        defer { docket_OPENSSL_free(utf8) }
        return String(decoding: UnsafeBufferPointer(start: utf8, count: Int(length)), as: UTF8.self)
    }

    /// The DNS entries of the subject alternative name extension, in order.
    var dnsNames: [String] {
        guard let names = docket_X509_get_subject_alt_names(self.pointer) else {
            // A missing extension is not an error, but X509_get_ext_d2i may leave a queue entry.
            _ = OpenSSLErrorQueue.drain()
            return []
        }
        defer { docket_GENERAL_NAMES_free(names) }
        var result: [String] = []
        for index in 0..<docket_GENERAL_NAMES_count(names) {
            var length: Int32 = 0
            guard let bytes = docket_GENERAL_NAMES_dns_name_at(names, index, &length) else { continue }
            let buffer = UnsafeRawBufferPointer(start: bytes, count: Int(length))
            result.append(String(decoding: buffer, as: UTF8.self))
        }
        return result
    }

    /// The end of the validity period.
    var notAfter: Date? {
        guard let time = X509_get0_notAfter(self.pointer) else { return nil }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else {
            _ = OpenSSLErrorQueue.drain()
            return nil
        }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    /// The certificate in PEM form.
    func pemEncoded() throws -> String {
        let bio = try MemoryBIO()
        guard PEM_write_bio_X509(bio.pointer, self.pointer) == 1 else {
            throw TLSError.fromErrorQueue(.certificateIssuanceFailed, context: "cannot encode certificate")
        }
        return String(decoding: bio.contents(), as: UTF8.self)
    }
}
