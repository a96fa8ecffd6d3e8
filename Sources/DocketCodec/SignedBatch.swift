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

/// A signed batch read back from this replica's log to be sent: each operation as its stored body.
///
/// A sender only copies the bodies onto the wire, so they are not decoded. Decoding them (their changes
/// most of all) and caching what was decoded took half the CPU of a node sending a catch-up, and a
/// headquarters held every batch it had read decoded while waiting for a slow branch to take it. On the
/// wire it is exactly a `SignedBatch`: whoever receives it decodes and checks every body.
public struct StoredBatch: Hashable, Sendable {
    /// An operation as its log row keeps it.
    public struct Operation: Hashable, Sendable {
        public let dot: Dot
        public let body: [UInt8]

        public init(dot: Dot, body: [UInt8]) {
            self.dot = dot
            self.body = body
        }
    }

    public var operations: [Operation]
    public var signatures: [ChainSignature]
    public var certificates: [SignerCertificate]

    public init(operations: [Operation] = [], signatures: [ChainSignature] = [], certificates: [SignerCertificate] = []) {
        self.operations = operations
        self.signatures = signatures
        self.certificates = certificates
    }

    /// The same batch, its operations as their bodies.
    public init(_ signed: SignedBatch) {
        self.init(
            operations: signed.operations.map { Operation(dot: $0.dot, body: $0.body) },
            signatures: signed.signatures, certificates: signed.certificates)
    }

    public var isEmpty: Bool { self.operations.isEmpty && self.signatures.isEmpty }
}
