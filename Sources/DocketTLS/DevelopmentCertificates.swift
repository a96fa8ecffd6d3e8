import Foundation

/// A throwaway CA and node certificate for a node started without configured certificates.
///
/// Each development CA is private to one data directory, so two nodes only talk to each other once they
/// share a real organisation CA.
public struct DevelopmentCertificates: Sendable, Hashable {
    /// The node's certificate files.
    public var node: NodeCertificate
    /// True when this call created files; false when they were already there.
    public var wasCreated: Bool

    /// A transport configuration for the node's certificate.
    public var tlsConfiguration: TLSConfiguration { self.node.tlsConfiguration() }

    /// Makes sure `directory` holds a development CA and a certificate for `nodeID`, creating only what is
    /// missing.
    ///
    /// - Parameters:
    ///   - directory: For example `DATA_DIR/tls`; created with mode 0700 if missing.
    ///   - nodeID: The node the certificate is for.
    /// - Returns: The files and whether anything was created, so the caller can log that it did.
    /// - Throws: `TLSError` `.certificateIssuanceFailed`.
    public static func ensure(in directory: String, nodeID: String) throws -> DevelopmentCertificates {
        let node = NodeCertificate(nodeID: nodeID, directory: directory)
        let authority = CertificateAuthority(directory: directory)
        let hasCA =
            FileManager.default.fileExists(atPath: authority.certificatePath)
            && FileManager.default.fileExists(atPath: authority.privateKeyPath)
        if hasCA && node.exists {
            return DevelopmentCertificates(node: node, wasCreated: false)
        }
        if !hasCA {
            try CertificateAuthority.create(in: directory, name: "Docket Development CA (\(nodeID))")
        }
        try authority.issueNodeCertificate(nodeID: nodeID, in: directory)
        return DevelopmentCertificates(node: node, wasCreated: true)
    }
}
