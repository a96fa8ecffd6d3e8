import DocketCodec
import DocketCore
import DocketStore
import DocketWire
import Foundation
import Logging
import NIOCore

/// One authenticated connection to a peer: runs the protocol until either side closes.
///
/// Frames from the peer, changes to the replica and timer ticks arrive on one queue and go through the
/// `StateMachine` one at a time, so the session's state is touched by one task only. Fetches and applies
/// are awaited in line: while a batch is being applied no further frame is handled, and the sender's
/// window (the smaller of both announced) bounds what arrives meanwhile; a peer that sends more is
/// refused. Batches that arrived meanwhile are applied together in one transaction.
struct PeerSession {
    enum Event: Sendable {
        /// The reading task put a frame in the inbox: one arriving at the front is decoded there while the
        /// driver applies the batches before it, on the other core.
        case frame
        case inboundClosed
        case inboundFailed(any Error)
        /// The peer sent more batches than it may have unacknowledged (the limit); the reading task stopped.
        case windowExceeded(Int)
        /// The replica changed: what it holds now is taken from the hub's `ChangeBroadcast` when handled.
        case replicaChanged
        case tick
        /// Someone on this node (`docket verify`) wants the peer's summary.
        case requestSummary(id: UInt64, withRecords: Bool)
        /// Another connection to the same peer won (both dialled at once): this one goes.
        case superseded
    }

    let peer: NodeID
    let connection: UInt64
    let dialedByLocal: Bool
    let configuration: SyncConfiguration
    let replica: Replica
    let hub: SyncHub
    let signer: any ChainSigning
    let verifier: any ChainVerifying
    let logger: Logger

    /// Runs the session over an authenticated channel.
    /// - Returns: why it ended, or nil for a clean close by either side.
    func run(_ channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async -> String? {
        let (events, continuation) = AsyncStream<Event>.makeStream()
        let inbox = FrameInbox(window: self.configuration.window)
        await self.hub.subscribe(connection: self.connection, peer: self.peer, events: continuation)
        var outcome: String?
        do {
            try await channel.executeThenClose { inbound, outbound in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        do {
                            for try await frame in inbound {
                                guard inbox.put(frame) else {
                                    // Reading stops here, so the peer makes this node buffer nothing more.
                                    continuation.yield(.windowExceeded(inbox.batchLimit))
                                    return
                                }
                                continuation.yield(.frame)
                            }
                            continuation.yield(.inboundClosed)
                        } catch {
                            continuation.yield(.inboundFailed(error))
                        }
                    }
                    group.addTask {
                        while !Task.isCancelled {
                            try await Task.sleep(for: .milliseconds(250))
                            continuation.yield(.tick)
                        }
                    }
                    var driver = Driver(session: self, outbound: outbound, inbox: inbox)
                    outcome = try await driver.drive(events)
                    // Closing one of two connections between the same pair is normal, not a failure.
                    if driver.isDuplicate { outcome = nil }
                    group.cancelAll()
                }
            }
        } catch {
            outcome = outcome ?? String(describing: error)
        }
        continuation.finish()
        await self.hub.unsubscribe(connection: self.connection)
        await self.hub.unregister(peer: self.peer, connection: self.connection, error: outcome)
        return outcome
    }
}

extension PeerSession {
    /// The loop that owns the state machine for one connection.
    struct Driver {
        let session: PeerSession
        let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
        let inbox: FrameInbox
        var machine: StateMachine
        var lastReceived = ContinuousClock.now
        var lastSent = ContinuousClock.now
        var registered = false
        /// Why the peer ended the session, when it said so.
        var endReason: String?
        /// The first write that failed because the connection was closing. The session goes on reading
        /// until the inbound side ends, so a refusal the peer sent before hanging up is what gets reported.
        var writeFailure: (any Error)?
        /// Set when this connection ended because the pair already had another one.
        var isDuplicate = false
        /// The replica's vector as last read or written while handling the current event; reused until
        /// the next event so one event costs at most one read of it.
        var eventVector: VersionVector?
        /// Whether this node's re-signed chain heads went out with the first batch.
        var sentResignatures = false
        /// The peer's software and schema as its hello said, for the log line that says it connected.
        var peerVersions: Logger.Metadata = [:]
        let allocator = ByteBufferAllocator()

        init(session: PeerSession, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, inbox: FrameInbox) {
            self.session = session
            self.outbound = outbound
            self.inbox = inbox
            self.machine = StateMachine(
                localNode: session.replica.node, localOffice: session.replica.officeCode, certifiedPeer: session.peer,
                window: session.configuration.window, localSchema: UInt64(session.replica.schema.version))
        }

        var configuration: SyncConfiguration { self.session.configuration }
        var logger: Logger { self.session.logger }

        mutating func drive(_ events: AsyncStream<Event>) async throws -> String? {
            let now = UInt64(max(0, Date().timeIntervalSince1970 * 1000))
            if let ended = try await self.perform(self.machine.start(wallMillis: now)) {
                return ended
            }
            for await event in events {
                self.eventVector = nil
                let actions: [StateMachine.Action]
                switch event {
                case .frame:
                    // Taken already when an earlier batch was applied together with it.
                    guard let decoded = self.inbox.take() else { continue }
                    self.lastReceived = .now
                    actions = try await self.handle(frame: decoded)
                case .inboundClosed:
                    return self.endReason ?? self.writeFailure.map { String(describing: $0) }
                case .inboundFailed(let error as WireError):
                    // The frame decoder refused the stream (e.g. an oversized frame): say why, then close.
                    await self.session.hub.countFrameError()
                    let code: PeerMessage.Refusal.Code = error.code == .frameTooLarge ? .frameTooLarge : .malformed
                    actions = self.machine.refuse(code, error.description)
                case .inboundFailed(let error):
                    return self.endReason ?? String(describing: error)
                case .windowExceeded(let limit):
                    actions = self.machine.refuse(.protocolViolation, "more than \(limit) batches sent unacknowledged")
                case .replicaChanged:
                    actions = self.machine.replicaChanged(self.session.hub.changes.take(connection: self.session.connection))
                case .superseded:
                    actions = self.machine.refuse(.duplicateConnection, "superseded by another connection to \(self.session.peer)")
                case .requestSummary(let id, let withRecords):
                    actions = self.machine.state == .syncing ? [.send(.summaryRequest(id: id, withRecords: withRecords))] : []
                case .tick:
                    let now = ContinuousClock.now
                    if now - self.lastReceived > .seconds(self.configuration.idleTimeoutSeconds) {
                        actions = self.machine.refuse(.timeout, "nothing heard for \(self.configuration.idleTimeoutSeconds) s")
                    } else if now - self.lastSent > .seconds(self.configuration.heartbeatSeconds) {
                        actions = [.send(.heartbeat)] + self.machine.recheck()
                    } else {
                        actions = []
                    }
                }
                if let ended = try await self.perform(actions) {
                    return ended
                }
                if self.machine.state == .closed { return self.endReason }
            }
            // The events stopped without the peer closing: this node is shutting down.
            let goodbye = PeerMessage.refusal(.init(.shuttingDown, "the node is shutting down"))
            try? await self.outbound.write(try goodbye.encoded(allocator: self.allocator))
            return nil
        }

        private mutating func handle(frame decoded: Result<PeerMessage, any Error>) async throws -> [StateMachine.Action] {
            let message: PeerMessage
            do {
                message = try decoded.get()
            } catch let error as WireError {
                await self.session.hub.countFrameError()
                return self.machine.refuse(.malformed, error.description)
            }
            if case .hello(let hello) = message, let refused = try await self.greet(hello) {
                return refused
            }
            if case .refusal(let refusal) = message {
                if refusal.code == .duplicateConnection {
                    self.isDuplicate = true
                    self.logger.info("peer closed a duplicate connection", metadata: ["reason": "\(refusal)"])
                } else {
                    self.logger.warning("peer closed the connection", metadata: ["reason": "\(refusal)"])
                    await self.session.hub.countRefusal()
                }
            }
            let localVector = try await self.localVector(for: message)
            let wasSyncing = self.machine.state == .syncing
            let actions = self.machine.received(message, localVector: localVector)
            if !wasSyncing && self.machine.state == .syncing && !self.registered {
                let accepted = await self.session.hub.register(
                    peer: self.session.peer, connection: self.session.connection,
                    dialedByLocal: self.session.dialedByLocal)
                guard accepted else {
                    return self.machine.refuse(.duplicateConnection, "already connected to \(self.session.peer)")
                }
                self.registered = true
                self.logger.info(
                    "peer connected",
                    metadata: self.peerVersions.merging(["protocol": "\(self.machine.version ?? 0)"]) { $1 })
                await self.reportStatus(localVector: localVector)
            }
            if case .refusal(let refusal) = message {
                self.endReason = "refused by peer: \(refusal)"
            }
            return actions
        }

        /// Notes what the peer's hello says of its clock and versions, and claims its office code.
        /// - Returns: the refusal when the code is another node's.
        private mutating func greet(_ hello: PeerMessage.Hello) async throws -> [StateMachine.Action]? {
            if hello.wallMillis > 0 {
                // Saturating: a peer's clock reading, however absurd, must not trap the daemon.
                let skew = Int64(clamping: hello.wallMillis)
                    .subtractingReportingOverflow(Int64(Date().timeIntervalSince1970 * 1000)).partialValue
                await self.session.hub.recordClockSkew(peer: self.session.peer, milliseconds: skew)
                if skew > 60_000 || skew < -60_000 {
                    self.logger.warning("peer's clock differs from ours", metadata: ["skew_ms": "\(skew)"])
                }
            }
            let version = self.machine.negotiate(with: hello)
            await self.session.hub.recordVersions(
                peer: self.session.peer, software: hello.software, protocolVersion: version, schema: hello.schema,
                mismatch: version == nil ? self.machine.versionMismatch(with: hello) : nil)
            self.peerVersions = ["software": "\(StateMachine.printable(hello.software))", "schema": "\(hello.schema)"]
            if hello.schema > self.machine.localSchema {
                // Forward compatible: its new fields are kept verbatim and shown raw until this node upgrades.
                self.logger.info(
                    "peer writes a newer schema than this node knows",
                    metadata: ["peer_schema": "\(hello.schema)", "schema": "\(self.machine.localSchema)"])
            }
            // A peer this node cannot speak with is refused for its versions by the state machine; it claims
            // no office code meanwhile.
            guard version != nil else { return nil }
            var holder = try await self.session.replica.nodeUsingOffice(hello.office, besides: self.session.peer)
            if holder == nil || holder == self.session.replica.node {
                holder = await self.session.hub.claimOffice(hello.office, for: self.session.peer)
            }
            guard let holder, holder != self.session.replica.node else { return nil }
            // The replica holds cases another node wrote under this code (through a relay, perhaps), or
            // another peer announced it: two offices would write the same references.
            return self.machine.refuse(
                .officeClash,
                "office code \(hello.office) is used by both \(holder) and \(hello.node); "
                    + "office codes must be unique across the network")
        }

        /// Carries out actions, and those they lead to; returns a reason when the session must end.
        private mutating func perform(_ initial: [StateMachine.Action]) async throws -> String? {
            var queue = initial[...]
            // Counted into the peer's status once the actions are done, so that bookkeeping does not
            // stand between reading a batch and sending it.
            var sent = 0
            while let action = queue.popFirst() {
                switch action {
                case .send(let message):
                    try await self.send(message)
                case .sendStored(let batch, let stored):
                    try await self.write(PeerMessage.encodedOperations(batch: batch, stored, allocator: self.allocator))
                case .close(let refusal):
                    try await self.countSent(sent)
                    guard let refusal else { return self.endReason }
                    return await self.close(refusing: refusal)
                case .fetch(let since):
                    let (batch, vector) = try await self.fetch(since: since)
                    queue.append(contentsOf: self.machine.fetched(batch, vector: vector))
                    sent += batch.operations.count
                case .summarize(let id, let withRecords):
                    let summary = try await self.session.replica.summary(withRecords: withRecords)
                    queue.append(.send(.summary(PeerMessage.Summary(
                        id: id, vector: summary.vector, digest: summary.digest,
                        records: summary.records.map { PeerMessage.RecordDigest(id: $0.id, digest: $0.digest) }))))
                case .deliver(let summary):
                    await self.session.hub.deliver(summary, from: self.session.peer)
                case .apply(let batch, let signed):
                    queue.append(contentsOf: try await self.apply([(batch, .decoded(signed))] + self.waitingBatches(after: signed)))
                case .peerHolds(let seq):
                    try await self.notePeerHolds(seq)
                }
            }
            try await self.countSent(sent)
            if self.machine.state == .syncing && self.registered {
                // What this event read, else what the replica was last said to hold: no read just to ask.
                let localVector = self.eventVector ?? self.machine.knownLocal
                if self.machine.isCaughtUp(localVector: localVector) {
                    await self.reportStatus(localVector: localVector)
                }
            }
            return nil
        }

        private mutating func countSent(_ sent: Int) async throws {
            guard sent > 0 else { return }
            await self.session.hub.update(
                peer: self.session.peer, peerVector: self.machine.peerVector,
                localVector: try await self.currentVector(), sent: sent, caughtUp: false)
        }

        /// Writes one message. A write that fails because the connection is closing is remembered, not
        /// thrown: the peer may have sent a refusal just before hanging up, and reading on reports it.
        private mutating func send(_ message: PeerMessage) async throws {
            try await self.write(try message.encoded(allocator: self.allocator))
        }

        /// Writes one encoded message, remembering a failure as `send(_:)` describes.
        private mutating func write(_ frame: ByteBuffer) async throws {
            guard self.writeFailure == nil else { return }
            do {
                try await self.outbound.write(frame)
                self.lastSent = .now
            } catch let error as ChannelError {
                self.writeFailure = error
            }
        }

        /// Tells the peer why this side hangs up; returns the reason the session ended.
        private mutating func close(refusing refusal: PeerMessage.Refusal) async -> String {
            if refusal.code == .duplicateConnection {
                self.isDuplicate = true
                self.logger.info("closing a duplicate connection", metadata: ["reason": "\(refusal)"])
            } else {
                self.logger.warning("closing connection", metadata: ["reason": "\(refusal)"])
                await self.session.hub.countRefusal()
            }
            try? await self.outbound.write(try PeerMessage.refusal(refusal).encoded(allocator: self.allocator))
            return refusal.description
        }

        /// The vector `message` needs: a hello is answered with it, a vector message settles the catch-up
        /// status, and a batch holding operations of this node's origin is checked against it. Other
        /// messages, including the usual batch, skip the read.
        private mutating func localVector(for message: PeerMessage) async throws -> VersionVector {
            switch message {
            case .hello, .vector:
                return try await self.currentVector()
            default:
                return VersionVector()
            }
        }

        private mutating func currentVector() async throws -> VersionVector {
            if let vector = self.eventVector { return vector }
            let vector = try await self.session.replica.vector()
            self.eventVector = vector
            return vector
        }

        private func reportStatus(localVector: VersionVector) async {
            await self.session.hub.update(
                peer: self.session.peer, peerVector: self.machine.peerVector, localVector: localVector,
                caughtUp: self.machine.isCaughtUp(localVector: localVector))
        }
    }

}
