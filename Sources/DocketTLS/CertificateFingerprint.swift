import CDocketOpenSSL
import Foundation

/// SHA-256 fingerprints of certificates, the form revocation lists use.
public enum CertificateFingerprint {
    /// The SHA-256 of the DER encoding of the first certificate in a PEM file, as lowercase hex.
    /// - Throws: `TLSError` with code `.configurationInvalid` when the file holds no readable certificate.
    public static func sha256(ofPEMFile path: String) throws -> String {
        let certificate = try X509Certificate(pemFile: path)
        return try certificate.sha256Fingerprint()
    }

    /// Lowercase hex without separators, so `AB:CD` and `abcd` compare equal.
    static func normalize(_ text: String) -> String {
        String(text.lowercased().filter { $0.isHexDigit })
    }
}
