import DocketCodec
import DocketCore

/// Everything peers say to each other, protocol version 2.
///
/// A session starts with both sides sending `hello`; after a version is agreed each sends its `vector`,
/// and from then on each sends the other the operations it lacks, as `operations` batches that the
/// receiver `ack`s once applied. `heartbeat` keeps an idle link alive. `refusal` explains a close.
public enum PeerMessage: Hashable, Sendable {
    /// Who is speaking and which protocol versions it can speak.
    case hello(Hello)
    /// The sender's version vector: what it already holds.
    case vector(VersionVector)
    /// A batch of operations the receiver lacks, per origin in `seq` order, with the chain signatures that
    /// cover them and the certificates those name. A batch may carry signatures alone, for heads the
    /// receiver already holds (an office that re-signed its chain under a new certificate).
    case operations(batch: UInt64, SignedBatch)
    /// The batch has been applied durably; `vector` is the receiver's version vector now.
    case ack(batch: UInt64, vector: VersionVector)
    /// Nothing to say, but still here.
    case heartbeat
    /// Why the sender is about to close the connection.
    case refusal(Refusal)
    /// Asks for the receiver's state summary (`docket verify`), per record too when `withRecords`.
    case summaryRequest(id: UInt64, withRecords: Bool)
    /// The answer: the vector and digest read in one snapshot, and per-record digests if asked.
    case summary(Summary)

    public struct Summary: Hashable, Sendable {
        public var id: UInt64
        public var vector: VersionVector
        public var digest: String
        public var records: [RecordDigest]

        public init(id: UInt64, vector: VersionVector, digest: String, records: [RecordDigest]) {
            self.id = id
            self.vector = vector
            self.digest = digest
            self.records = records
        }
    }

    public struct RecordDigest: Hashable, Sendable {
        public var id: String
        public var digest: String

        public init(id: String, digest: String) {
            self.id = id
            self.digest = digest
        }
    }

    /// The one message besides `refusal` whose layout outlives a protocol version: later versions only
    /// append fields to it, so any two versions can read each other's ranges and say which side to upgrade.
    public struct Hello: Hashable, Sendable {
        public var minimumVersion: UInt16
        public var maximumVersion: UInt16
        public var node: NodeID
        /// The sender's software, for logs and status (e.g. `docket 0.3.0`).
        public var software: String
        /// The sender's wall clock in epoch milliseconds, so admins are warned of skew (never used to merge).
        public var wallMillis: UInt64
        /// The sender's office code, the prefix of the case references it writes: two nodes with one code
        /// would both write `SH01-000001`, so a clash is refused at the handshake.
        public var office: String
        /// The schema version the sender writes (`PeerSchema`). A newer one than the receiver's is fine: the
        /// receiver keeps what it does not know verbatim and shows it raw.
        public var schema: UInt64
        /// The most batches the sender takes unacknowledged from a peer (its `window`), so the peer sends no
        /// more than it will hold; 0 when the hello does not say, as before this field was added.
        public var window: UInt64

        public init(
            minimumVersion: UInt16, maximumVersion: UInt16, node: NodeID, software: String, wallMillis: UInt64 = 0,
            office: String = "", schema: UInt64 = PeerSchema.schemaVersion, window: UInt64 = 0
        ) {
            self.minimumVersion = minimumVersion
            self.maximumVersion = maximumVersion
            self.node = node
            self.software = software
            self.wallMillis = wallMillis
            self.office = office
            self.schema = schema
            self.window = window
        }
    }

    /// Its layout (type 6, a code byte, a reason string) is the one every protocol version must keep
    /// reading: a peer too old or too new to speak with still learns why, and which side to upgrade.
    public struct Refusal: Hashable, Sendable, CustomStringConvertible {
        public enum Code: UInt8, Sendable {
            case versionMismatch = 1
            case identityMismatch = 2
            case malformed = 3
            case frameTooLarge = 4
            case outOfSequence = 5
            case unexpectedOrigin = 6
            case protocolViolation = 7
            case duplicateConnection = 8
            case shuttingDown = 9
            case timeout = 10
            case internalError = 11
            case officeClash = 12
            /// A signature or chain check failed: forged, altered, revoked or unsigned operations.
            case forged = 13
            /// A different operation under a dot already held: the origin wrote two histories.
            case equivocation = 14
        }

        public var code: Code
        public var reason: String

        public init(_ code: Code, _ reason: String) {
            self.code = code
            self.reason = reason
        }

        public var description: String { "\(self.code): \(self.reason)" }
    }

    /// The message's name in logs.
    public var kind: String {
        switch self {
        case .hello: "hello"
        case .vector: "vector"
        case .operations: "operations"
        case .ack: "ack"
        case .heartbeat: "heartbeat"
        case .refusal: "refusal"
        case .summaryRequest: "summary request"
        case .summary: "summary"
        }
    }
}
