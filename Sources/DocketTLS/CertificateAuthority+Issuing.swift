import CDocketOpenSSL
import Foundation

extension CertificateAuthority {
    /// Issues a certificate and new key for `nodeID`, valid from now for `validityDays`.
    ///
    /// Writes `NODE_ID.crt`, `NODE_ID.key` (mode 0600) and a copy of `ca.crt` into `directory`, replacing an
    /// earlier certificate of the same node atomically: that is how a certificate is rotated.
    /// - Parameters:
    ///   - nodeID: Lowercase letters, digits and `-`, at most 63 characters; it becomes the subject CN and a
    ///     DNS subject alternative name.
    ///   - directory: Output directory, created (mode 0700) if missing.
    ///   - validityDays: How long the certificate is valid.
    /// - Throws: `TLSError` `.certificateIssuanceFailed` for a bad node id, unreadable CA files, or I/O failures.
    @discardableResult
    public func issueNodeCertificate(
        nodeID: String,
        in directory: String,
        validityDays: Int = 825,
        now: Date = Date()
    ) throws -> NodeCertificate {
        guard validityDays > 0 else {
            throw TLSError(.certificateIssuanceFailed, reason: "validityDays must be positive")
        }
        return try self.issueNodeCertificate(
            nodeID: nodeID,
            in: directory,
            notBefore: now.addingTimeInterval(-Self.clockSkewAllowance),
            notAfter: now.addingTimeInterval(TimeInterval(validityDays) * 86_400)
        )
    }

    /// Issues a certificate with an explicit validity period (also one in the past or future, for tests and
    /// for preparing a rollout).
    @discardableResult
    public func issueNodeCertificate(
        nodeID: String,
        in directory: String,
        notBefore: Date,
        notAfter: Date
    ) throws -> NodeCertificate {
        try Self.validate(nodeID: nodeID)
        guard notAfter > notBefore else {
            throw TLSError(.certificateIssuanceFailed, reason: "notAfter must be later than notBefore")
        }
        let caCertificate = try X509Certificate(pemFile: self.certificatePath)
        let caKey = try PrivateKey.load(pemFile: self.privateKeyPath)
        try SecureFile.makeDirectory(directory)

        let key = try PrivateKey.generate()
        let builder = CertificateBuilder(
            commonName: nodeID,
            organization: nil,
            notBefore: notBefore,
            notAfter: notAfter,
            extensions: [
                (NID_basic_constraints, "critical,CA:FALSE"),
                (NID_key_usage, "critical,digitalSignature"),
                // Every node both listens and dials, so one certificate serves both roles.
                (NID_ext_key_usage, "serverAuth,clientAuth"),
                (NID_subject_alt_name, "DNS:\(nodeID)"),
                (NID_subject_key_identifier, "hash"),
                (NID_authority_key_identifier, "keyid:always"),
            ]
        )
        let certificate = try builder.sign(subjectKey: key, issuer: (caCertificate, caKey))

        let node = NodeCertificate(nodeID: nodeID, directory: directory)
        try SecureFile.write(try key.pemEncoded(), to: node.privateKeyPath, mode: 0o600, existing: .replace)
        try SecureFile.write(
            Array(try certificate.pemEncoded().utf8),
            to: node.certificatePath,
            mode: 0o644,
            existing: .replace
        )
        if URL(fileURLWithPath: node.caCertificatePath).standardizedFileURL
            != URL(fileURLWithPath: self.certificatePath).standardizedFileURL
        {
            try SecureFile.write(
                Array(try caCertificate.pemEncoded().utf8),
                to: node.caCertificatePath,
                mode: 0o644,
                existing: .replace
            )
        }
        return node
    }

    /// Node ids go into a DNS name, so they follow DNS label rules (lowercase only, as Docket's ids are).
    static func validate(nodeID: String) throws {
        let allowed = nodeID.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
        guard !nodeID.isEmpty, nodeID.utf8.count <= 63, allowed, nodeID.first != "-", nodeID.last != "-" else {
            throw TLSError(
                .certificateIssuanceFailed,
                reason: "invalid node id \"\(nodeID)\": use 1-63 lowercase letters, digits or '-', not at either end"
            )
        }
    }
}
