import DocketCore
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
    private var listeners: [UInt64: AsyncStream<Void>.Continuation] = [:]
    private var statuses: [String: PeerStatus] = [:]
    private var nextConnection: UInt64 = 1

    init(localNode: NodeID, configuredPeers: [SyncConfiguration.Peer]) {
        self.localNode = localNode
        for peer in configuredPeers {
            self.statuses[peer.node.rawValue] = PeerStatus(node: peer.node.rawValue, address: "\(peer.host):\(peer.port)")
        }
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
        }
        self.registrations[peer] = Registration(connection: connection, dialedByLocal: dialedByLocal)
        var status = self.statuses[peer.rawValue] ?? PeerStatus(node: peer.rawValue)
        status.connected = true
        status.connectedSince = Date()
        self.statuses[peer.rawValue] = status
        return true
    }

    func unregister(peer: NodeID, connection: UInt64, error: String?) {
        if self.registrations[peer]?.connection == connection {
            self.registrations[peer] = nil
            self.statuses[peer.rawValue]?.connected = false
            self.statuses[peer.rawValue]?.connectedSince = nil
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

    /// A stream that yields whenever the replica changes, until `unsubscribe`.
    func subscribe(connection: UInt64) -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        self.listeners[connection] = continuation
        return stream
    }

    func unsubscribe(connection: UInt64) {
        self.listeners.removeValue(forKey: connection)?.finish()
    }

    func replicaChanged() {
        for continuation in self.listeners.values {
            continuation.yield()
        }
    }

    func update(
        peer: NodeID,
        peerVector: VersionVector,
        localVector: VersionVector,
        sent: Int = 0,
        received: Int = 0,
        caughtUp: Bool
    ) {
        var status = self.statuses[peer.rawValue] ?? PeerStatus(node: peer.rawValue)
        status.peerIsBehind = PeerStatus.lag(of: peerVector, against: localVector)
        status.localIsBehind = PeerStatus.lag(of: localVector, against: peerVector)
        status.operationsSent += UInt64(sent)
        status.operationsReceived += UInt64(received)
        if caughtUp { status.lastSyncAt = Date() }
        self.statuses[peer.rawValue] = status
    }

    func snapshot() -> [PeerStatus] {
        self.statuses.values.sorted { $0.node < $1.node }
    }

    func closeAll() {
        for continuation in self.listeners.values { continuation.finish() }
        self.listeners.removeAll()
    }
}
