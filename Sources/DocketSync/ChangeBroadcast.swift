import DocketCore
import Synchronization

/// Tells every session that the replica changed, from any thread, without a hop through the hub.
///
/// The commit watch runs on a thread of its own. A change went from it to a task, through the hub, to
/// each session's own task forwarding wakes into its queue: two thread hand-offs before a session began to
/// read, on a single change's way to the peers (`docs/benchmarks.md`, "Fourteenth round"). The watch now
/// puts the wake in each session's queue itself.
///
/// A session has at most one wake waiting in its queue. Handling it takes everything reported so far,
/// which only grows (`ReplicaChange`), so a burst of commits during a catch-up costs one wake, not one each.
final class ChangeBroadcast: Sendable {
    private struct Listener {
        let events: AsyncStream<PeerSession.Event>.Continuation
        var waiting = false
    }

    private struct State {
        var latest = ReplicaChange()
        var listeners: [UInt64: Listener] = [:]
    }

    private let state = Mutex(State())

    /// Wakes go to `events` until `unsubscribe`.
    func subscribe(connection: UInt64, events: AsyncStream<PeerSession.Event>.Continuation) {
        self.state.withLock { $0.listeners[connection] = Listener(events: events) }
    }

    func unsubscribe(connection: UInt64) {
        _ = self.state.withLock { $0.listeners.removeValue(forKey: connection) }
    }

    func removeAll() {
        self.state.withLock { $0.listeners.removeAll() }
    }

    /// Records a change, with the vector the replica holds after it when known, and wakes every session
    /// that has no wake waiting. A vector known already wakes no one: a session that applies a batch reports
    /// it, and the commit watch then sees the same commit.
    func changed(holding vector: VersionVector?) {
        let woken = self.state.withLock { state -> [AsyncStream<PeerSession.Event>.Continuation] in
            if let vector {
                guard !state.latest.vector.dominates(vector) else { return [] }
                state.latest.vector.merge(vector)
            } else {
                state.latest.withoutVector &+= 1
            }
            var woken: [AsyncStream<PeerSession.Event>.Continuation] = []
            for (connection, listener) in state.listeners where !listener.waiting {
                state.listeners[connection]?.waiting = true
                woken.append(listener.events)
            }
            return woken
        }
        for events in woken { events.yield(.replicaChanged) }
    }

    /// Everything reported so far, for the session handling its wake: the next change wakes it again.
    func take(connection: UInt64) -> ReplicaChange {
        self.state.withLock { state in
            state.listeners[connection]?.waiting = false
            return state.latest
        }
    }
}
