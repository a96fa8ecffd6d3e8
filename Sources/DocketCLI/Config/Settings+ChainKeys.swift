import DocketCore
import DocketTLS
import Foundation

extension Settings {
    /// The certificate files that sign and verify operations: the ones `docket serve` uses, created as
    /// development certificates, as `serve` would, when `[tls]` names none.
    private func signingConfiguration(node: NodeID) throws -> TLSConfiguration {
        if self.tls.files == nil {
            do {
                _ = try DevelopmentCertificates.ensure(in: self.developmentCertificateDirectory, nodeID: node.rawValue)
            } catch {
                throw InputError(field: "tls", "cannot create development certificates: \(error)")
            }
        }
        guard let configuration = self.tlsConfiguration(node: node.rawValue) else {
            throw InputError(
                field: "tls",
                "no certificate for \(node): configure [tls], or start 'docket serve' once to create development certificates")
        }
        return configuration
    }

    /// Signs this office's chain and files, with its certificate's key.
    func chainSigner(node: NodeID) throws -> ChainSigner {
        let configuration = try self.signingConfiguration(node: node)
        do {
            let signer = try ChainSigner(configuration: configuration)
            guard signer.node == node else {
                throw InputError(field: "tls", "the certificate names \(signer.node) but this replica is \(node)")
            }
            return signer
        } catch let error as TLSError {
            throw InputError(field: "tls", "\(error)")
        }
    }

    /// Checks other offices' signatures against the organisation CA and `[tls] revoked`.
    func chainVerifier(node: NodeID) throws -> ChainVerifier {
        do {
            return try ChainVerifier(configuration: try self.signingConfiguration(node: node))
        } catch let error as TLSError {
            throw InputError(field: "tls", "\(error)")
        }
    }
}
