import DocketCore

/// Operations with the chain signatures that cover them and the certificates those name: the unit the
/// network and operations files carry, and the unit a replica verifies and applies whole.
public struct SignedBatch: Hashable, Sendable {
    public var operations: [EncodedOperation]
    public var signatures: [ChainSignature]
    public var certificates: [SignerCertificate]

    public init(operations: [EncodedOperation] = [], signatures: [ChainSignature] = [], certificates: [SignerCertificate] = []) {
        self.operations = operations
        self.signatures = signatures
        self.certificates = certificates
    }

    public var isEmpty: Bool { self.operations.isEmpty && self.signatures.isEmpty }

    /// Operations and signatures together: what the limit on one batch, and on a transaction of several,
    /// counts.
    public var itemCount: Int { self.operations.count + self.signatures.count }
}
