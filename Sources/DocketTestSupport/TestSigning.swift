import DocketCodec
import DocketCore
import DocketStore
import DocketTLS
import Foundation

/// A test organisation CA with node certificates issued on demand: the signers and the verifier that
/// signed operations need, so tests move operations between replicas the way offices do.
///
/// Each node gets one certificate, issued the first time it is asked for, so a node's signer, its
/// `[tls]` files and the signatures it made all name the same certificate.
public final class TestSigning: @unchecked Sendable {
    public let authority: CertificateAuthority
    /// Trusts `authority`, revokes nothing.
    public let verifier: ChainVerifier
    private let directory: URL
    /// Kept so a CA created here lives as long as this value.
    private let temporary: TemporaryDirectory?
    private let lock = NSLock()
    private var certificates: [String: NodeCertificate] = [:]
    private var signers: [String: ChainSigner] = [:]

    /// A new CA in a temporary directory of its own, removed with this value.
    public convenience init() throws {
        let temporary = try TemporaryDirectory()
        try self.init(
            authority: try Self.createAuthority(in: temporary.url), directory: temporary.url.appendingPathComponent("nodes"),
            temporary: temporary)
    }

    /// A new CA in `directory/signing/ca`, node certificates in `directory/signing/nodes`: for a test whose
    /// directory already goes away with it. A folder of its own, so a test can still make a CA of its
    /// own in `directory/ca`, as `docket certs` would.
    public convenience init(in directory: URL) throws {
        let folder = directory.appendingPathComponent("signing")
        try self.init(
            authority: try Self.createAuthority(in: folder), directory: folder.appendingPathComponent("nodes"), temporary: nil)
    }

    private static func createAuthority(in directory: URL) throws -> CertificateAuthority {
        try CertificateAuthority.create(in: directory.appendingPathComponent("ca").path, name: "Docket Test CA")
    }

    /// Issues from an existing CA (a `TestCluster`'s, say), writing node certificates under `directory`.
    public convenience init(authority: CertificateAuthority, directory: URL) throws {
        try self.init(authority: authority, directory: directory, temporary: nil)
    }

    private init(authority: CertificateAuthority, directory: URL, temporary: TemporaryDirectory?) throws {
        self.authority = authority
        self.directory = directory
        self.temporary = temporary
        self.verifier = try ChainVerifier(caCertificatePath: authority.certificatePath)
    }

    /// The certificate files of `node`, issued on first use.
    public func certificate(for node: String) throws -> NodeCertificate {
        try self.lock.withLock {
            if let issued = self.certificates[node] { return issued }
            let issued = try self.authority.issueNodeCertificate(
                nodeID: node, in: self.directory.appendingPathComponent(node).path)
            self.certificates[node] = issued
            return issued
        }
    }

    /// Signs as `node`, with its certificate.
    public func signer(for node: NodeID) throws -> ChainSigner {
        let files = try self.certificate(for: node.rawValue)
        return try self.lock.withLock {
            if let signer = self.signers[node.rawValue] { return signer }
            let signer = try ChainSigner(node: files)
            self.signers[node.rawValue] = signer
            return signer
        }
    }

    /// A verifier trusting the same CA that refuses the certificates of `nodes`.
    public func verifier(revoking nodes: [NodeID]) throws -> ChainVerifier {
        let fingerprints = try nodes.map { try self.signer(for: $0).certificate.fingerprint }
        return try ChainVerifier(caCertificatePath: self.authority.certificatePath, revokedFingerprints: Set(fingerprints))
    }

    /// What a peer holding `vector` lacks from `source`, as `source` would send it: its own operations are
    /// signed first, as the daemon and `docket export` do, then the batch is cut at signed points.
    public func signedBatch(
        from source: Replica, missingFrom vector: VersionVector = VersionVector(), limit: Int = .max
    ) throws -> SignedBatch {
        try source.signOwnChain(with: try self.signer(for: source.node))
        return try source.signedBatch(missingFrom: vector, limit: limit)
    }

    /// `operations` in one batch, with a signature by its origin's certificate over the newest operation
    /// of each origin: for tests that apply slices, reorderings or hand-made operations.
    public func sign(_ operations: [EncodedOperation]) throws -> SignedBatch {
        var heads: [NodeID: EncodedOperation] = [:]
        for operation in operations where operation.dot.seq > heads[operation.dot.node]?.dot.seq ?? 0 {
            heads[operation.dot.node] = operation
        }
        var batch = SignedBatch(operations: operations)
        for (origin, head) in heads.sorted(by: { $0.key < $1.key }) {
            let signer = try self.signer(for: origin)
            batch.signatures.append(try signer.sign(seq: head.dot.seq, head: head.hash))
            batch.certificates.append(signer.certificate)
        }
        return batch
    }

    /// `sign(_:)` for decoded operations, encoded as their origin would have written them.
    public func sign(_ operations: [ReplicatedOperation]) throws -> SignedBatch {
        try self.sign(operations.map { try EncodedOperation($0) })
    }
}
