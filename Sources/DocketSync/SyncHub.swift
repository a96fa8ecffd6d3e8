import DocketCore
import DocketWire
import Foundation

/// The shared state of a node's sessions: who is connected, what each peer is known to hold, and the
/// fan-out of "the replica changed" that makes every session relay new operations at once.
actor SyncHub {
    private struct Registration {
        let connection: UInt64
        let dialedByLocal: Bool
    }

    private let localNode: NodeID
    private var registrations: [NodeID: Registration] = [:]
    /// The sessions' wakes when the replica changes, reachable from the commit watch's thread.
    nonisolated let changes = ChangeBroadcast()
    /// Each registered session's event queue, to ask it for its peer's summary.
    private var sessionEvents: [UInt64: (peer: NodeID, events: AsyncStream<PeerSession.Event>.Continuation)] = [:]
    private var pendingSummaries: [UInt64: (peer: NodeID, continuation: CheckedContinuation<PeerMessage.Summary, any Error>)] = [:]
    private var nextRequest: UInt64 = 1
    private var statuses: [String: PeerStatus] = [:]
    private var nextConnection: UInt64 = 1
    private(set) var metrics = SyncMetrics()
    /// When each connected peer's current catch-up began, until it is first caught up.
    private var catchUpStarted: [NodeID: ContinuousClock.Instant] = [:]
    /// What each peer was last known to hold.
    private var peerVectors: [NodeID: VersionVector] = [:]
    /// Configured peers whose diallers have a reason to stop waiting (see `wakeDialers`).
    private var configuredPeers: Set<NodeID>
    private var wakes: Set<NodeID> = []
    /// The office code each peer announced in its hello. A node's code is fixed when its replica is made,
    /// so a second node announcing one already seen is a clash, whether or not the first is still connected.
    private var officeCodes: [NodeID: String] = [:]

    init(localNode: NodeID, configuredPeers: [SyncConfiguration.Peer]) {
        self.localNode = localNode
        self.configuredPeers = Set(configuredPeers.map(\.node))
        for peer in configuredPeers {
            self.statuses[peer.node.rawValue] = PeerStatus(node: peer.node.rawValue, address: "\(peer.host):\(peer.port)")
        }
    }

    /// Records that `node` announced `office`. - Returns: another node that announced the same code, if any.
    func claimOffice(_ office: String, for node: NodeID) -> NodeID? {
        guard !office.isEmpty else { return nil }
        if let holder = self.officeCodes.first(where: { $0.key != node && $0.value == office })?.key {
            return holder
        }
        self.officeCodes[node] = office
        return nil
    }

    func makeConnectionID() -> UInt64 {
        defer { self.nextConnection += 1 }
        return self.nextConnection
    }

    /// Registers an authenticated session with `peer`.
    ///
    /// Two connections between the same pair (both dialled at once) are settled the same way on both
    /// sides: the one dialled by the smaller node id stays. - Returns: false when this one must go.
    func register(peer: NodeID, connection: UInt64, dialedByLocal: Bool) -> Bool {
        if let existing = self.registrations[peer] {
            let preferredDialerIsLocal = self.localNode < peer
            let keepNew = dialedByLocal == preferredDialerIsLocal && existing.dialedByLocal != preferredDialerIsLocal
            guard keepNew else { return false }
            // The other side reaches the same verdict; closing the superseded one here makes sure it goes.
            self.sessionEvents[existing.connection]?.events.yield(.superseded)
        }
        self.registrations[peer] = Registration(connection: connection, dialedByLocal: dialedByLocal)
        var status = self.statuses[peer.rawValue] ?? PeerStatus(node: peer.rawValue)
        status.connected = true
        status.connectedSince = Date()
        self.statuses[peer.rawValue] = status
        self.catchUpStarted[peer] = .now
        // A link that just came up says the network is back: the others need not sit out their backoff.
        self.wakeDialers()
        return true
    }

    func unregister(peer: NodeID, connection: UInt64, error: String?) {
        if self.registrations[peer]?.connection == connection {
            self.registrations[peer] = nil
            self.statuses[peer.rawValue]?.connected = false
            self.statuses[peer.rawValue]?.connectedSince = nil
            self.catchUpStarted[peer] = nil
        }
        if let error {
            self.recordError(peer: peer.rawValue, error)
        }
    }

    func recordError(peer: String, _ error: String) {
        var status = self.statuses[peer] ?? PeerStatus(node: peer)
        status.lastError = error
        status.lastErrorAt = Date()
        self.statuses[peer] = status
    }

    func isConnected(_ peer: NodeID) -> Bool { self.registrations[peer] != nil }

    /// Registers a session's event queue: for its wakes when the replica changes, until `unsubscribe`, and
    /// to ask it for its peer's summary.
    func subscribe(connection: UInt64, peer: NodeID, events: AsyncStream<PeerSession.Event>.Continuation) {
        self.changes.subscribe(connection: connection, events: events)
        self.sessionEvents[connection] = (peer, events)
    }

    func unsubscribe(connection: UInt64) {
        self.changes.unsubscribe(connection: connection)
        if let (peer, _) = self.sessionEvents.removeValue(forKey: connection) {
            for (id, pending) in self.pendingSummaries where pending.peer == peer {
                self.pendingSummaries.removeValue(forKey: id)
                pending.continuation.resume(throwing: SyncError.peerDisconnected(peer.rawValue))
            }
        }
    }

    /// Asks the connected peer for its state summary and waits for it.
    func requestSummary(from peer: NodeID, withRecords: Bool) async throws -> PeerMessage.Summary {
        guard let registration = self.registrations[peer], let session = self.sessionEvents[registration.connection] else {
            throw SyncError.peerNotConnected(peer.rawValue)
        }
        let id = self.nextRequest
        self.nextRequest += 1
        return try await withCheckedThrowingContinuation { continuation in
            self.pendingSummaries[id] = (peer, continuation)
            session.events.yield(.requestSummary(id: id, withRecords: withRecords))
        }
    }

    func deliver(_ summary: PeerMessage.Summary, from peer: NodeID) {
        guard let pending = self.pendingSummaries[summary.id], pending.peer == peer else { return }
        self.pendingSummaries.removeValue(forKey: summary.id)
        pending.continuation.resume(returning: summary)
    }

    /// Gives up on a request that got no answer in time.
    func expire(request id: UInt64) {
        self.pendingSummaries.removeValue(forKey: id)?.continuation.resume(throwing: SyncError.timedOut)
    }

    func outstandingRequests(to peer: NodeID) -> [UInt64] {
        self.pendingSummaries.filter { $0.value.peer == peer }.map(\.key)
    }

    /// Wakes every session: the replica changed, and now holds `vector` when the caller read it (a
    /// session whose peer was sent all of that has nothing to read).
    func replicaChanged(holding vector: VersionVector?) {
        self.changes.changed(holding: vector)
        self.wakeDialers()
    }

    /// Marks every configured peer that is not connected as worth dialling now: the replica holds
    /// something new for it, or the network has just proved to work.
    func wakeDialers() {
        self.wakes.formUnion(self.configuredPeers.filter { self.registrations[$0] == nil })
    }

    /// Whether the peer's dialler was woken since it last asked; asking clears it.
    func takeWake(_ peer: NodeID) -> Bool {
        self.wakes.remove(peer) != nil
    }

    /// Records what the peer is known to hold, and traffic; lag is computed from it when asked.
    func update(
        peer: NodeID,
        peerVector: VersionVector,
        localVector: VersionVector,
        sent: Int = 0,
        received: Int = 0,
        caughtUp: Bool
    ) {
        var status = self.statuses[peer.rawValue] ?? PeerStatus(node: peer.rawValue)
        self.peerVectors[peer] = peerVector
        status.operationsSent += UInt64(sent)
        status.operationsReceived += UInt64(received)
        if caughtUp {
            status.lastSyncAt = Date()
            if let started = self.catchUpStarted.removeValue(forKey: peer) {
                let elapsed = ContinuousClock.now - started
                self.metrics.observeSyncDuration(
                    Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
        }
        self.statuses[peer.rawValue] = status
    }

    func recordClockSkew(peer: NodeID, milliseconds: Int64) {
        self.statuses[peer.rawValue, default: PeerStatus(node: peer.rawValue)].clockSkewMilliseconds = milliseconds
    }

    /// Records the versions a peer's hello announced; `protocolVersion` is nil and `mismatch` says why when
    /// none could be agreed, so status shows what a refused peer runs as well as a connected one.
    func recordVersions(peer: NodeID, software: String, protocolVersion: UInt16?, schema: UInt64, mismatch: String?) {
        var status = self.statuses[peer.rawValue] ?? PeerStatus(node: peer.rawValue)
        status.software = software
        status.protocolVersion = protocolVersion
        status.schemaVersion = schema
        status.versionMismatch = mismatch
        self.statuses[peer.rawValue] = status
    }

    func countApplied(_ operations: Int) {
        self.metrics.operationsApplied += UInt64(operations)
    }

    func countFrameError() {
        self.metrics.frameErrors += 1
    }

    func countHandshakeFailure() {
        self.metrics.handshakeFailures += 1
    }

    func countRefusal() {
        self.metrics.refusals += 1
    }

    func countForged() {
        self.metrics.forgedRefusals += 1
    }

    func countEquivocation() {
        self.metrics.equivocationRefusals += 1
    }

    /// Every peer's status, with lag in each direction measured against `localVector` now.
    func snapshot(localVector: VersionVector) -> [PeerStatus] {
        self.statuses.values.sorted { $0.node < $1.node }.map { status in
            var status = status
            if let node = try? NodeID(status.node), let peerVector = self.peerVectors[node] {
                status.peerIsBehind = PeerStatus.lag(of: peerVector, against: localVector)
                status.localIsBehind = PeerStatus.lag(of: localVector, against: peerVector)
            }
            return status
        }
    }

    func closeAll() {
        self.changes.removeAll()
    }
}
