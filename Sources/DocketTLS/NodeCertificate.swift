import Foundation

/// A node's certificate files as `CertificateAuthority` lays them out in a directory.
public struct NodeCertificate: Sendable, Hashable {
    /// The node id the certificate names.
    public var nodeID: String
    /// `NODE_ID.crt`.
    public var certificatePath: String
    /// `NODE_ID.key` (mode 0600).
    public var privateKeyPath: String
    /// `ca.crt`, the organisation CA the node trusts.
    public var caCertificatePath: String

    /// Refers to the files for `nodeID` in `directory`; reads nothing.
    public init(nodeID: String, directory: String) {
        let url = URL(fileURLWithPath: directory)
        self.nodeID = nodeID
        self.certificatePath = url.appendingPathComponent("\(nodeID).crt").path
        self.privateKeyPath = url.appendingPathComponent("\(nodeID).key").path
        self.caCertificatePath = url.appendingPathComponent(CertificateAuthority.certificateFileName).path
    }

    /// Whether all three files exist.
    public var exists: Bool {
        [self.certificatePath, self.privateKeyPath, self.caCertificatePath].allSatisfy {
            FileManager.default.fileExists(atPath: $0)
        }
    }

    /// A transport configuration using these files, with safe defaults for everything else.
    public func tlsConfiguration(revokedFingerprints: Set<String> = []) -> TLSConfiguration {
        var configuration = TLSConfiguration(
            caCertificatePath: self.caCertificatePath,
            certificatePath: self.certificatePath,
            privateKeyPath: self.privateKeyPath
        )
        configuration.revokedFingerprints = revokedFingerprints
        return configuration
    }
}
