extension PeerIdentity {
    /// Reads the identity a PEM certificate file would present: node id, fingerprint and expiry.
    ///
    /// For admin views (`docket certs show`, certificate expiry in status); verification happens only in
    /// the handshake.
    /// - Throws: `TLSError` when the file cannot be read or names no node.
    public init(certificateFile path: String) throws {
        try self.init(certificate: try X509Certificate(pemFile: path))
    }
}
