import DocketCore
import Testing

@testable import DocketSync

@Suite struct SyncHubTests {
    let beijing = try! NodeID("bj-chaoyang")
    let shanghai = try! NodeID("sh-pudong")

    /// Both ends keep the connection dialled by the smaller node id, whatever order connections arrive in.
    @Test func duplicateConnectionsAreSettledTheSameWayAtBothEnds() async {
        let atBeijing = SyncHub(localNode: self.beijing, configuredPeers: [])
        #expect(await atBeijing.register(peer: self.shanghai, connection: 1, dialedByLocal: false))
        // Beijing's own dial is the preferred one: it supersedes the first.
        #expect(await atBeijing.register(peer: self.shanghai, connection: 2, dialedByLocal: true))
        // Another connection dialled by Shanghai loses to it.
        #expect(await !atBeijing.register(peer: self.shanghai, connection: 3, dialedByLocal: false))

        let atShanghai = SyncHub(localNode: self.shanghai, configuredPeers: [])
        #expect(await atShanghai.register(peer: self.beijing, connection: 1, dialedByLocal: true))
        #expect(await atShanghai.register(peer: self.beijing, connection: 2, dialedByLocal: false))
        #expect(await !atShanghai.register(peer: self.beijing, connection: 3, dialedByLocal: true))
        #expect(await atShanghai.isConnected(self.beijing))
        await atShanghai.unregister(peer: self.beijing, connection: 1, error: nil)
        #expect(await atShanghai.isConnected(self.beijing), "closing a superseded connection leaves the winner registered")
        await atShanghai.unregister(peer: self.beijing, connection: 2, error: "closed")
        #expect(await !atShanghai.isConnected(self.beijing))
    }

    /// Wakes coalesce: a session has one waiting at most, and handling it takes everything reported before
    /// it, vectors merged and changes reported without a vector counted.
    @Test func aCoalescedWakeSaysEverythingReportedBeforeIt() async {
        let hub = SyncHub(localNode: self.beijing, configuredPeers: [])
        let (stream, events) = AsyncStream<PeerSession.Event>.makeStream()
        await hub.subscribe(connection: 1, peer: self.shanghai, events: events)
        await hub.replicaChanged(holding: VersionVector([self.beijing: 3, self.shanghai: 1]))
        await hub.replicaChanged(holding: nil)
        // As the commit watch reports, from its own thread, not through the hub.
        await Task.detached { hub.changes.changed(holding: VersionVector([self.shanghai: 2])) }.value
        #expect(
            hub.changes.take(connection: 1)
                == ReplicaChange(vector: VersionVector([self.beijing: 3, self.shanghai: 2]), withoutVector: 1))
        // Taken: the next change wakes the session again.
        hub.changes.changed(holding: nil)
        await hub.unsubscribe(connection: 1)
        hub.changes.changed(holding: nil)
        #expect(await Self.wakes(in: stream, closing: events) == 2, "three changes before the wake was taken, one after, none once unsubscribed")
    }

    /// A session that applies a batch reports the vector it left, and the commit watch then sees that same
    /// commit: the second report, or an older vector, wakes no one; a newer one does.
    @Test func aVectorAlreadyKnownWakesNoOne() async {
        let hub = SyncHub(localNode: self.beijing, configuredPeers: [])
        let (stream, events) = AsyncStream<PeerSession.Event>.makeStream()
        await hub.subscribe(connection: 1, peer: self.shanghai, events: events)
        await hub.replicaChanged(holding: VersionVector([self.shanghai: 5, self.beijing: 2]))
        // Each wake taken at once, as a session handling it would: none is left waiting to absorb the next.
        _ = hub.changes.take(connection: 1)
        hub.changes.changed(holding: VersionVector([self.shanghai: 5, self.beijing: 2]))
        _ = hub.changes.take(connection: 1)
        hub.changes.changed(holding: VersionVector([self.shanghai: 4]))
        _ = hub.changes.take(connection: 1)
        hub.changes.changed(holding: VersionVector([self.shanghai: 5, self.beijing: 3]))
        #expect(hub.changes.take(connection: 1).vector == VersionVector([self.shanghai: 5, self.beijing: 3]))
        #expect(await Self.wakes(in: stream, closing: events) == 2, "the first report and the newer vector; not the same or an older one")
    }

    /// How many wakes `stream` held, once `events` is finished.
    static func wakes(
        in stream: AsyncStream<PeerSession.Event>, closing events: AsyncStream<PeerSession.Event>.Continuation
    ) async -> Int {
        events.finish()
        var wakes = 0
        for await event in stream {
            if case .replicaChanged = event { wakes += 1 }
        }
        return wakes
    }

    @Test func lagIsMeasuredAgainstTheLocalVectorWhenAsked() async {
        let hub = SyncHub(localNode: self.beijing, configuredPeers: [])
        _ = await hub.register(peer: self.shanghai, connection: 1, dialedByLocal: true)
        await hub.update(
            peer: self.shanghai, peerVector: VersionVector([self.shanghai: 9, self.beijing: 2]),
            localVector: VersionVector([self.beijing: 2]), caughtUp: false)
        let status = await hub.snapshot(localVector: VersionVector([self.beijing: 7, self.shanghai: 4])).first
        #expect(status?.peerIsBehind == 5)
        #expect(status?.localIsBehind == 5)
    }

    /// A peer may claim any counters; the lag it is shown with saturates rather than trapping.
    @Test func lagSaturatesOnAbsurdCounters() {
        let absurd = VersionVector([self.beijing: .max, self.shanghai: .max - 1])
        #expect(PeerStatus.lag(of: VersionVector(), against: absurd) == .max)
        #expect(PeerStatus.lag(of: VersionVector([self.beijing: 5]), against: VersionVector([self.beijing: 7, self.shanghai: 3])) == 5)
        #expect(PeerStatus.lag(of: absurd, against: VersionVector([self.beijing: 7])) == 0)
    }
}
