import DocketCore
import DocketStore
import DocketTLS
import DocketWire
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import ServiceLifecycle

/// The replication daemon's network side: accepts peers, keeps configured peers dialled, and tells every
/// session when the replica changes so new operations — local or relayed — go out at once.
///
/// Runs until graceful shutdown; then it stops accepting, lets each session finish the batch it is
/// applying, closes every connection, and returns.
public final class SyncService: Service, Sendable {
    /// A peer connection after TLS: whole frames in, whole frames out.
    typealias PeerChannel = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    /// A bound peer listener, handing out connections whose handshake is still running.
    typealias PeerServer = NIOAsyncChannel<TLSHandshakingChannel<PeerChannel>, Never>

    /// What became of the peer listener, for `/health` and `status`.
    enum ListenerState: Sendable {
        case unbound
        case bound(PeerServer, port: Int)
        case serving(port: Int)
        case stopped(reason: String)
    }

    let configuration: SyncConfiguration
    let replica: Replica
    let hub: SyncHub
    let context: TLSContext
    /// Signs this node's chain heads with the key of its certificate.
    let signer: any ChainSigning
    /// Checks every received chain head against the organisation CA and the revocation list.
    let verifier: any ChainVerifying
    let group: any EventLoopGroup
    let logger: Logger
    private let startedAt = Date()
    let listener = NIOLockedValueBox<ListenerState>(.unbound)
    /// Set when the replica cannot be watched, so new operations go out only at a quiet session's heartbeat.
    private let watchFailed = NIOLockedValueBox(false)

    /// - Parameters:
    ///   - group: The event loops for peer connections; the caller owns it and shuts it down after `run()`.
    public init(configuration: SyncConfiguration, replica: Replica, group: any EventLoopGroup, logger: Logger) throws {
        self.configuration = configuration
        self.replica = replica
        self.hub = SyncHub(localNode: replica.node, configuredPeers: configuration.peers)
        self.context = try TLSContext(configuration: configuration.tls)
        self.signer = try ChainSigner(configuration: configuration.tls)
        self.verifier = try ChainVerifier(configuration: configuration.tls)
        self.group = group
        var logger = logger
        logger[metadataKey: "node"] = "\(replica.node)"
        self.logger = logger
    }

    /// Peers, counters and timings, for the admin views.
    public func snapshot() async -> SyncSnapshot {
        let listen = self.listeningPort.flatMap { port in self.configuration.listenHost.map { "\($0):\(port)" } }
        return SyncSnapshot(
            startedAt: self.startedAt, listenAddress: listen,
            peers: await self.hub.snapshot(localVector: (try? await self.replica.vector()) ?? VersionVector()),
            metrics: await self.hub.metrics)
    }

    /// The port peers reach this node on, while the listener is up.
    private var listeningPort: Int? {
        switch self.listener.withLockedValue({ $0 }) {
        case .bound(_, let port), .serving(let port): return port
        case .unbound, .stopped: return nil
        }
    }

    /// What keeps replication from being fully up, in words for `/health`; empty when all is well.
    public func problems() -> [String] {
        var problems: [String] = []
        if let host = self.configuration.listenHost {
            let address = "\(host):\(self.configuration.listenPort)"
            switch self.listener.withLockedValue({ $0 }) {
            case .bound, .serving: break
            case .unbound: problems.append("peer listener on \(address) is not started")
            case .stopped(let reason): problems.append("peer listener on \(address) stopped: \(reason)")
            }
        }
        if self.watchFailed.withLockedValue({ $0 }) {
            problems.append("the replica cannot be watched for changes")
        }
        return problems
    }

    public func run() async throws {
        let identity = self.context.localIdentity
        guard identity.nodeID == self.replica.node.rawValue else {
            throw TLSError(.configurationInvalid, reason: "the certificate names \(identity.nodeID) but this replica is \(self.replica.node)")
        }
        try await self.prepareChain()
        await withDiscardingTaskGroup { group in
            group.addTask { await self.watchReplica() }
            if self.configuration.listenHost != nil {
                group.addTask { await self.listen() }
            }
            for peer in self.configuration.peers {
                group.addTask { await self.keepDialling(peer) }
            }
            // Everything above stops when graceful shutdown cancels this task.
            await withGracefulShutdownHandler {
                try? await gracefulShutdown()
            } onGracefulShutdown: {
                self.logger.info("shutting down: closing peer connections")
            }
            group.cancelAll()
        }
        await self.hub.closeAll()
        self.logger.info("replication stopped")
    }

    /// Signs this node's chain under its current certificate before any peer asks for it: points an older
    /// certificate signed, so they stay usable once it is revoked, and the head.
    private func prepareChain() async throws {
        let resigned = try await self.replica.resignOwnChain(with: self.signer)
        if resigned > 0 {
            self.logger.notice(
                "signed this node's chain again under its current certificate",
                metadata: ["signatures": "\(resigned)", "certificate": "\(self.signer.certificate.fingerprint.prefix(16))"])
        }
        try await self.replica.signOwnChain(with: self.signer)
        if let recovery = try await self.replica.recovery() {
            self.logger.warning(
                "restored replica: local writes wait until this node's own operations are taken back from peers",
                metadata: ["held": "\(recovery.held)", "target": "\(recovery.target.map(String.init) ?? "unknown")"])
        }
    }

    // MARK: Change notification

    /// Wakes on writes alone, with no commit seen, after which a catch-up is taken to be under way.
    static let writeWakesBeforeQuiet = 32

    /// Wakes every session when anything was committed to the replica, by this daemon or another process.
    ///
    /// Waits on file notifications in the replica's directory, checking the data version after each one and
    /// every `changePollMilliseconds` regardless; without notifications it polls every 10 ms as before.
    private func watchReplica() async {
        guard let monitor = try? ChangeMonitor(replica: self.replica) else {
            self.logger.error("cannot watch the replica for changes; new operations go out only at each heartbeat")
            self.watchFailed.withLockedValue { $0 = true }
            return
        }
        let directory = (self.replica.path as NSString).deletingLastPathComponent
        guard let watch = CommitWatch(directory: directory.isEmpty ? "." : directory) else {
            self.logger.warning("no file notifications for the replica's directory: polling for commits every 10 ms")
            await self.poll(monitor, everyMilliseconds: 10)
            return
        }
        // For the diallers: one waiting signal says as much as many.
        let (changes, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let interval = Int32(clamping: self.configuration.changePollMilliseconds)
        // A blocking wait has no place on Swift's cooperative pool: it gets a thread of its own.
        let thread = Thread {
            // Made here: opening it waits for the writer, which may be in the middle of a batch.
            let checkpointer = self.makeCheckpointer()
            var last = (try? monitor.token()) ?? 0
            // What the replica held at the last commit seen, to tell the checkpointer how much was added.
            var lastTotal = (try? self.replica.vector())?.total ?? 0
            // A commit's last write to the log file comes just before SQLite publishes it in shared memory
            // (after its fsync), which raises no event. A writer through `Replica` announces the finished
            // commit; for one that does not (an older build, the sqlite3 shell), after an event check again
            // 1, 2, 4 ... 512 ms later, so while writes are heard a commit whose fsync is slow on a busy disk
            // is still seen within twice its time. An announcement ends that chase.
            var backoff: Int32 = 0
            var lastCheck = ContinuousClock.now
            // Wakes on writes alone since the last commit seen. A single commit makes a few; a batch being
            // applied, hundreds: past `writeWakesBeforeQuiet` the watch stops hearing writes until a whole
            // `interval` passes with no event (after the chase, if an event began one), so a catch-up's
            // pages cost the kernel and this thread nothing while its commits are still announced. A lone
            // change keeps the early wake on its first write, which measurably shortened its way to the
            // peers. Any commit seen starts the count again.
            var writeWakes = 0
            while true {
                let idle = backoff == 0
                guard watch.wait(timeoutMillis: idle ? interval : backoff) else { break }
                if watch.sawCommit {
                    writeWakes = 0
                } else if watch.sawEvent {
                    writeWakes += 1
                    if writeWakes >= Self.writeWakesBeforeQuiet { watch.hearWrites(false) }
                } else if idle {
                    writeWakes = 0
                    watch.hearWrites(true)
                }
                backoff = watch.sawCommit ? 0 : (watch.sawEvent ? 1 : (backoff >= 512 ? 0 : backoff * 2))
                // Every page SQLite writes raises an event while writes are heard: one check a millisecond
                // sees each commit as soon, for a fraction of the work. A writer's announcement of a
                // finished commit is checked at once.
                let pause = Duration.milliseconds(1) - (ContinuousClock.now - lastCheck)
                if pause > .zero, !watch.sawCommit {
                    usleep(UInt32(pause.components.attoseconds / 1_000_000_000_000))
                }
                lastCheck = ContinuousClock.now
                if let token = try? monitor.token(), token != last {
                    last = token
                    writeWakes = 0
                    // A local change is signed here, in memory, before the sessions read it, so each of them
                    // finds it signed and reads it in one step; the signature is stored once they are woken
                    // (`Replica.signAhead`). A failure is theirs to meet and report: they sign too.
                    let ahead = try? self.replica.signAhead(with: self.signer)
                    var vector = ahead?.vector
                    if ahead == nil {
                        // Not signed ahead (its certificate is not stored yet, or signing failed): signed and
                        // stored at once, as before.
                        if let signed = try? self.replica.signOwnChain(with: self.signer), signed > 0 {
                            last = (try? monitor.token()) ?? last
                        }
                        vector = try? self.replica.vector()
                    }
                    // Straight into each session's queue; the hub hears of it after (`ChangeBroadcast`).
                    self.hub.changes.changed(holding: vector)
                    continuation.yield()
                    if let ahead, ahead.made > 0 {
                        do {
                            try self.replica.storeSignedAhead()
                        } catch {
                            // Dropped from memory: the sessions find the head unsigned and sign it themselves.
                            self.logger.warning("cannot store this node's new signatures", metadata: ["error": "\(error)"])
                        }
                        // That commit needs no wake of its own, but one committed before it does: the vector
                        // read after this token says whether there was one.
                        last = (try? monitor.token()) ?? last
                        let after = try? self.replica.vector()
                        if after != vector {
                            vector = after
                            self.hub.changes.changed(holding: vector)
                            continuation.yield()
                        }
                    }
                    // A vector that cannot be read says nothing of the size: checkpoint as after a large commit.
                    let total = vector?.total ?? .max
                    checkpointer?.request(operations: total >= lastTotal ? total - lastTotal : .max)
                    lastTotal = vector?.total ?? lastTotal
                }
            }
            continuation.finish()
        }
        thread.name = "docket-commit-watch"
        thread.start()
        await withTaskCancellationHandler {
            // The sessions were woken on the watch's thread; diallers of peers not connected hear of it here.
            for await _ in changes { await self.hub.wakeDialers() }
        } onCancel: {
            watch.close()
        }
    }

    /// A checkpointer for the replica, or nil (and SQLite's own checkpoints on the writer) when its
    /// connection cannot be opened.
    private func makeCheckpointer() -> Checkpointer? {
        do {
            return try Checkpointer(replica: self.replica)
        } catch {
            self.logger.warning("checkpoints stay on the writer", metadata: ["reason": "\(error)"])
            return nil
        }
    }

    private func poll(_ monitor: ChangeMonitor, everyMilliseconds interval: Int) async {
        var last = (try? monitor.token()) ?? 0
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(interval))
            guard let token = try? monitor.token(), token != last else { continue }
            last = token
            await self.hub.replicaChanged(holding: try? await self.replica.vector())
        }
    }
}
