import DocketCore
import DocketTLS
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore

extension SyncService {
    /// The shortest gap between two dials to one peer when a wake-up cuts a backoff wait short.
    static let earliestRedial: Duration = .seconds(1)

    /// Keeps one configured peer connected, re-dialling with capped exponential backoff and jitter.
    ///
    /// A wait is cut short when there is a reason to expect success or something to send: the replica
    /// changed, or another peer connected (see `SyncHub.wakeDialers`). A wake-up ends one wait only, never
    /// sooner than `earliestRedial` after the previous dial, and a dial that fails still counts toward the
    /// backoff, so a peer that stays down is dialled at most once a second however busy the node is.
    func keepDialling(_ peer: SyncConfiguration.Peer) async {
        var backoff = Backoff(
            initialSeconds: self.configuration.retryInitialSeconds, maximumSeconds: self.configuration.retryMaximumSeconds)
        while !Task.isCancelled {
            if await self.hub.isConnected(peer.node) {
                // The peer dialled us; one connection per pair is enough.
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            let started = ContinuousClock.now
            // Reasons to dial that came before this attempt are answered by it.
            _ = await self.hub.takeWake(peer.node)
            do {
                let connection = try await self.dial(peer)
                await self.serve(connection, dialedByLocal: true, expected: peer.node)
            } catch is CancellationError {
                return
            } catch {
                self.logger.debug("dial failed", metadata: ["peer": "\(peer.node)", "error": "\(error)"])
                await self.hub.recordError(peer: peer.node.rawValue, String(describing: error))
            }
            // A connection that lasted resets the backoff; one that failed at once backs off further.
            if ContinuousClock.now - started > .seconds(10) { backoff.reset() }
            await self.pause(seconds: backoff.next(), before: peer.node, lastDial: started)
        }
    }

    /// Sleeps `seconds`, or less when the peer's dialler is woken, but not less than `earliestRedial`
    /// after `lastDial`.
    private func pause(seconds: Double, before peer: NodeID, lastDial: ContinuousClock.Instant) async {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        let earliest = lastDial + Self.earliestRedial
        // Polling a flag four times a second per configured peer costs nothing and needs no extra task.
        while ContinuousClock.now < deadline, !Task.isCancelled {
            let step = min(deadline - ContinuousClock.now, .milliseconds(250))
            try? await Task.sleep(for: step)
            if ContinuousClock.now >= earliest, await self.hub.takeWake(peer) {
                self.logger.debug("dialling early: there is something to send", metadata: ["peer": "\(peer)"])
                return
            }
        }
    }

    /// Connects to a peer; a stopping daemon gives up on a connect in progress instead of waiting out its
    /// timeout (the abandoned channel, if it ever connects, is closed).
    private func dial(_ peer: SyncConfiguration.Peer) async throws -> TLSHandshakingChannel<PeerChannel> {
        let (context, group, logger) = (self.context, self.group, self.logger)
        let maximumFrameBytes = self.configuration.maximumFrameBytes
        return try await Abandonable.run {
            try await TLSBootstrap.dial(
                host: peer.host, port: peer.port, expectedPeer: peer.node.rawValue, context: context,
                group: group, logger: logger
            ) { try Self.addFraming($0, maximumFrameBytes: maximumFrameBytes) }
        } discard: { connection in
            connection.channel.channel.close(promise: nil)
        }
    }
}

/// Awaiting work that cannot itself be cancelled, without being held up by it when the caller is.
enum Abandonable {
    private enum Slot<Value: Sendable>: Sendable {
        case idle
        case waiting(CheckedContinuation<Value, any Error>)
        case finished
    }

    /// Runs `operation`; when the calling task is cancelled first, throws `CancellationError` at once and
    /// hands the operation's eventual result to `discard`.
    static func run<Value: Sendable>(
        _ operation: @escaping @Sendable () async throws -> Value,
        discard: @escaping @Sendable (Value) -> Void
    ) async throws -> Value {
        let slot = NIOLockedValueBox<Slot<Value>>(.idle)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
                let cancelled = slot.withLockedValue { state -> Bool in
                    guard case .idle = state else { return true }
                    state = .waiting(continuation)
                    return false
                }
                if cancelled {
                    continuation.resume(throwing: CancellationError())
                }
                Task {
                    let result: Result<Value, any Error>
                    do {
                        result = .success(try await operation())
                    } catch {
                        result = .failure(error)
                    }
                    let waiting = Self.take(slot)
                    if let waiting {
                        waiting.resume(with: result)
                    } else if case .success(let value) = result {
                        discard(value)
                    }
                }
            }
        } onCancel: {
            Self.take(slot)?.resume(throwing: CancellationError())
        }
    }

    /// The continuation still waiting, if any; whoever takes it resumes it, exactly once.
    private static func take<Value>(_ slot: NIOLockedValueBox<Slot<Value>>) -> CheckedContinuation<Value, any Error>? {
        slot.withLockedValue { state in
            defer { state = .finished }
            if case .waiting(let continuation) = state { return continuation }
            return nil
        }
    }
}
