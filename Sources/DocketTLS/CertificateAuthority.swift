import CDocketOpenSSL
import Foundation

/// An organisation CA on disk: `ca.crt` and `ca.key` in one directory.
///
/// It creates the CA and issues node certificates with libcrypto; peers trust exactly the certificates it
/// signed. A node's identity is its node id, not its key, so reissuing for the same node id (rotation) needs
/// no change on any peer.
public struct CertificateAuthority: Sendable, Hashable {
    /// The file name of the CA certificate, in the CA directory and in every node directory.
    public static let certificateFileName = "ca.crt"
    /// The file name of the CA private key; it exists only in the CA directory.
    public static let privateKeyFileName = "ca.key"

    /// The CA certificate (PEM); this is what nodes list as `caCertificatePath`.
    public var certificatePath: String
    /// The CA private key (PEM, mode 0600).
    public var privateKeyPath: String

    /// Refers to the CA stored in `directory`; reads nothing until a certificate is issued.
    public init(directory: String) {
        let url = URL(fileURLWithPath: directory)
        self.certificatePath = url.appendingPathComponent(Self.certificateFileName).path
        self.privateKeyPath = url.appendingPathComponent(Self.privateKeyFileName).path
    }

    /// Creates a new CA key and self-signed certificate in `directory` (created if missing, mode 0700).
    ///
    /// - Parameters:
    ///   - directory: Where `ca.crt` and `ca.key` (mode 0600) are written.
    ///   - name: The CA's subject common name.
    ///   - validityDays: How long the CA certificate is valid.
    /// - Throws: `TLSError` `.certificateIssuanceFailed`, also when a CA already exists there: an existing CA
    ///   is never overwritten, since every node certificate it signed would stop being trusted.
    @discardableResult
    public static func create(
        in directory: String,
        name: String = "Docket Organisation CA",
        validityDays: Int = 3650,
        now: Date = Date()
    ) throws -> CertificateAuthority {
        guard validityDays > 0 else {
            throw TLSError(.certificateIssuanceFailed, reason: "validityDays must be positive")
        }
        let authority = CertificateAuthority(directory: directory)
        for path in [authority.certificatePath, authority.privateKeyPath]
        where FileManager.default.fileExists(atPath: path) {
            throw TLSError(.certificateIssuanceFailed, reason: "\(path) already exists; refusing to replace a CA")
        }
        try SecureFile.makeDirectory(directory)
        let key = try PrivateKey.generate()
        let builder = CertificateBuilder(
            commonName: name,
            organization: name,
            notBefore: now.addingTimeInterval(-Self.clockSkewAllowance),
            notAfter: now.addingTimeInterval(TimeInterval(validityDays) * 86_400),
            extensions: [
                (NID_basic_constraints, "critical,CA:TRUE,pathlen:0"),
                (NID_key_usage, "critical,keyCertSign,cRLSign"),
                (NID_subject_key_identifier, "hash"),
                (NID_authority_key_identifier, "keyid:always"),
            ]
        )
        let certificate = try builder.sign(subjectKey: key, issuer: nil)
        // Key first: a directory with a certificate but no key would look like a usable CA.
        try SecureFile.write(try key.pemEncoded(), to: authority.privateKeyPath, mode: 0o600, existing: .refuse)
        try SecureFile.write(
            Array(try certificate.pemEncoded().utf8),
            to: authority.certificatePath,
            mode: 0o644,
            existing: .refuse
        )
        return authority
    }

    /// Certificates start this long in the past so a peer whose clock runs a little behind accepts them.
    static let clockSkewAllowance: TimeInterval = 300
}
