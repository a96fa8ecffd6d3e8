import DocketCodec
import DocketCore
import DocketWire

extension PeerSession {
    /// The protocol logic of one connection, as a value that takes events and returns actions.
    ///
    /// It owns the handshake checks, flow control (at most `window` batches unacknowledged) and what
    /// the peer is known to hold; the session carries out the actions (send, fetch, apply, close).
    struct StateMachine {
        enum State: Equatable {
            /// Our hello is sent; waiting for the peer's.
            case awaitingHello
            /// Versions agreed and our vector sent; waiting for the peer's vector.
            case awaitingVector
            /// Exchanging operations.
            case syncing
            case closed
        }

        enum Action: Equatable {
            case send(PeerMessage)
            /// Send operations read back from the log, as `.operations(batch:_:)`.
            case sendStored(batch: UInt64, StoredBatch)
            /// Apply this batch to the replica (with any waiting behind it), then report `applied(_:vector:)`;
            /// one the replica refuses is answered with `refuse(_:_:)`.
            case apply(batch: UInt64, SignedBatch)
            /// The peer holds this node's own operations up to this seq: a restored node takes them back
            /// before writing again.
            case peerHolds(UInt64)
            /// Fetch what the peer lacks beyond `since` and report it with `fetched(_:)`.
            case fetch(since: VersionVector)
            /// Send the refusal (if any), then close.
            case close(PeerMessage.Refusal?)
            /// Read this replica's summary and send it back under `id`.
            case summarize(id: UInt64, withRecords: Bool)
            /// Hand a summary the peer sent to whoever asked for it.
            case deliver(PeerMessage.Summary)
        }

        let localNode: NodeID
        /// This node's office code, announced in its hello and compared with the peer's.
        let localOffice: String
        /// The node the peer's certificate names: its hello must say the same.
        let certifiedPeer: NodeID
        /// This node's window: the most batches it takes unacknowledged, announced in its hello.
        let window: Int
        /// The most batches sent unacknowledged: this node's window, or the peer's when its hello announces a
        /// smaller one, so that a peer is never sent more than it will hold.
        private(set) var sendWindow: Int
        /// This node's software, protocol and schema versions, as its hello announces them.
        let localSoftware: String
        let localVersions: ClosedRange<UInt16>
        let localSchema: UInt64
        private(set) var state: State = .awaitingHello
        private(set) var version: UInt16?
        /// What the peer is known to hold: its vector, acks, and what it sent us.
        private(set) var peerVector = VersionVector()
        /// `peerVector` plus what we sent that is not yet acknowledged: the next fetch starts here.
        private(set) var sentVector = VersionVector()
        private(set) var inFlight: Set<UInt64> = []
        private var nextBatch: UInt64 = 1
        private var fetching = false
        /// Set when the replica changed while a fetch was out, so another fetch follows it.
        private var moreMayExist = false
        /// The most the replica is known to hold: from this session's reads and applies, and from the
        /// changes it is told of.
        private(set) var knownLocal = VersionVector()
        /// `ReplicaChange.withoutVector` as last told.
        private var changesWithoutVector: UInt64 = 0
        /// Whether the replica changed without saying what it holds since the last fetch started.
        private var changedUnseen = true

        /// The window of a peer whose hello does not announce one: every build before the announcement
        /// held at most 4 batches from a peer, unless its operator set another window.
        static let earlierWindow = 4

        init(
            localNode: NodeID, localOffice: String = "", certifiedPeer: NodeID, window: Int,
            localSoftware: String = NodeVersions.software,
            localVersions: ClosedRange<UInt16> = ProtocolVersion.minimum...ProtocolVersion.maximum,
            localSchema: UInt64 = NodeVersions.schema
        ) {
            self.localNode = localNode
            self.localOffice = localOffice
            self.certifiedPeer = certifiedPeer
            self.window = max(1, window)
            self.sendWindow = self.window
            self.localSoftware = localSoftware
            self.localVersions = localVersions
            self.localSchema = localSchema
        }

        /// The first thing to send.
        func start(wallMillis: UInt64) -> [Action] {
            [.send(.hello(.init(
                minimumVersion: self.localVersions.lowerBound, maximumVersion: self.localVersions.upperBound,
                node: self.localNode, software: self.localSoftware, wallMillis: wallMillis, office: self.localOffice,
                schema: self.localSchema, window: UInt64(self.window))))]
        }

        /// A message from the peer. `localVector` is the replica's vector now; only `hello` reads it.
        mutating func received(_ message: PeerMessage, localVector: VersionVector) -> [Action] {
            switch (self.state, message) {
            case (.closed, _):
                return []
            case (_, .refusal):
                self.state = .closed
                return [.close(nil)]
            case (_, .heartbeat):
                return []
            case (.awaitingHello, .hello(let hello)):
                guard hello.node == self.certifiedPeer else {
                    return self.refuse(.identityMismatch, "hello names \(hello.node) but the certificate names \(self.certifiedPeer)")
                }
                // Versions before the office: a peer that cannot speak with this node is told to upgrade,
                // whatever else it announces.
                guard let version = self.negotiate(with: hello) else {
                    return self.refuse(.versionMismatch, self.versionMismatch(with: hello))
                }
                if !hello.office.isEmpty && hello.office == self.localOffice {
                    return self.refuse(
                        .officeClash,
                        "office code \(hello.office) is used by both \(self.localNode) and \(hello.node); "
                            + "office codes must be unique across the network")
                }
                self.version = version
                self.sendWindow = min(self.window, hello.window == 0 ? Self.earlierWindow : Int(clamping: hello.window))
                self.state = .awaitingVector
                return [.send(.vector(localVector))]
            case (.awaitingVector, .vector(let vector)):
                self.peerVector = vector
                self.sentVector = vector
                self.state = .syncing
                return [.peerHolds(vector[self.localNode])] + self.pump()
            case (.syncing, .operations(let batch, let signed)):
                // Operations in this node's own name are checked like any other origin's: signed by a
                // certificate naming this node, they are its own, taken back after a restore.
                return [.apply(batch: batch, signed)]
            case (.syncing, .summaryRequest(let id, let withRecords)):
                return [.summarize(id: id, withRecords: withRecords)]
            case (.syncing, .summary(let summary)):
                return [.deliver(summary)]
            case (.syncing, .ack(let batch, let vector)):
                guard self.inFlight.remove(batch) != nil else {
                    return self.refuse(.protocolViolation, "ack for batch \(batch), which is not outstanding")
                }
                self.peerVector.merge(vector)
                self.sentVector.merge(vector)
                return self.pump()
            default:
                return self.refuse(.protocolViolation, "\(message.kind) is not expected while \(self.state)")
            }
        }

        /// Received batches are stored, in one transaction that left the replica at `vector`; the peer holds
        /// what it sent, so it is never echoed back. Every ack goes out before anything is fetched, so the
        /// sender's window opens at once.
        mutating func applied(_ batches: [(batch: UInt64, operations: [Dot])], vector: VersionVector) -> [Action] {
            guard self.state == .syncing else { return [] }
            for dot in batches.lazy.flatMap(\.operations) {
                self.peerVector.include(dot)
                self.sentVector.include(dot)
            }
            self.knownLocal.merge(vector)
            return batches.map { .send(.ack(batch: $0.batch, vector: vector)) } + self.pump()
        }

        /// The replica changed (a local write, or a batch from another peer): there may be more to send.
        mutating func replicaChanged(_ change: ReplicaChange) -> [Action] {
            self.knownLocal.merge(change.vector)
            if change.withoutVector != self.changesWithoutVector {
                self.changesWithoutVector = change.withoutVector
                self.changedUnseen = true
            }
            guard self.state == .syncing else { return [] }
            if self.fetching {
                self.moreMayExist = true
                return []
            }
            return self.pump()
        }

        /// Reads once whatever the wakes said, on a quiet connection's heartbeat: a wake that never came (the
        /// replica could not be watched, a notification lost) then delays a change by a heartbeat at most.
        mutating func recheck() -> [Action] {
            self.changedUnseen = true
            return self.pump()
        }

        /// A fetch came back, read from a replica whose vector was `vector`. An empty result means the peer
        /// has everything we hold beyond `since`.
        mutating func fetched(_ stored: StoredBatch, vector: VersionVector) -> [Action] {
            self.fetching = false
            self.knownLocal.merge(vector)
            guard self.state == .syncing else { return [] }
            guard !stored.isEmpty else {
                if self.moreMayExist { return self.pump() }
                return []
            }
            let batch = self.nextBatch
            self.nextBatch += 1
            self.inFlight.insert(batch)
            for operation in stored.operations {
                self.sentVector.include(operation.dot)
            }
            // Signatures alone (re-signed heads) say nothing new is held: no point in fetching again for them.
            guard !stored.operations.isEmpty else { return [.sendStored(batch: batch, stored)] }
            return [.sendStored(batch: batch, stored)] + self.pump()
        }

        /// Whether the peer holds everything we know of and nothing is outstanding.
        func isCaughtUp(localVector: VersionVector) -> Bool {
            self.state == .syncing && self.inFlight.isEmpty && self.peerVector.dominates(localVector)
        }

        /// The highest protocol version both this node and the hello speak, or nil.
        func negotiate(with hello: PeerMessage.Hello) -> UInt16? {
            ProtocolVersion.negotiate(
                localMinimum: self.localVersions.lowerBound, localMaximum: self.localVersions.upperBound,
                remoteMinimum: hello.minimumVersion, remoteMaximum: hello.maximumVersion)
        }

        /// Why no version was agreed, naming both nodes (the peer reads it too) and which must be upgraded.
        func versionMismatch(with hello: PeerMessage.Hello) -> String {
            let older: String
            if hello.minimumVersion > hello.maximumVersion {
                older = "\(hello.node)'s range is empty; upgrade \(hello.node)"
            } else if hello.maximumVersion < self.localVersions.lowerBound {
                older = "upgrade \(hello.node)"
            } else {
                older = "upgrade this node (\(self.localNode))"
            }
            return "no common protocol version: this node \(self.localNode) (\(self.localSoftware)) speaks "
                + "\(self.localVersions.lowerBound)...\(self.localVersions.upperBound), peer \(hello.node) "
                + "(\(Self.printable(hello.software))) speaks \(hello.minimumVersion)...\(hello.maximumVersion); \(older)"
        }

        /// A peer's text as one log line: control characters become `?`.
        static func printable(_ text: String) -> String {
            String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : $0 }))
        }

        mutating func refuse(_ code: PeerMessage.Refusal.Code, _ reason: String) -> [Action] {
            self.state = .closed
            return [.close(PeerMessage.Refusal(code, reason))]
        }

        /// Fetches unless the window is full, or what was sent covers all the replica is known to hold: a
        /// single change would otherwise cost an empty read after its send, after its ack, after the
        /// commit that signed it, and in the receiver after its own apply. Every commit is reported after
        /// it, with the vector read then or as a change without one, so nothing committed later is missed.
        private mutating func pump() -> [Action] {
            guard self.state == .syncing, !self.fetching, self.inFlight.count < self.sendWindow else { return [] }
            if !self.changedUnseen, self.sentVector.dominates(self.knownLocal) { return [] }
            self.fetching = true
            self.moreMayExist = false
            self.changedUnseen = false
            return [.fetch(since: self.sentVector)]
        }
    }
}
