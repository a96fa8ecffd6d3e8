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

    private let configuration: SyncConfiguration
    let replica: Replica
    let hub: SyncHub
    private let context: TLSContext
    private let group: any EventLoopGroup
    private let logger: Logger
    private let startedAt = Date()
    private let boundPort = NIOLockedValueBox<Int?>(nil)

    /// - Parameters:
    ///   - group: The event loops for peer connections; the caller owns it and shuts it down after `run()`.
    public init(configuration: SyncConfiguration, replica: Replica, group: any EventLoopGroup, logger: Logger) throws {
        self.configuration = configuration
        self.replica = replica
        self.hub = SyncHub(localNode: replica.node, configuredPeers: configuration.peers)
        self.context = try TLSContext(configuration: configuration.tls)
        self.group = group
        var logger = logger
        logger[metadataKey: "node"] = "\(replica.node)"
        self.logger = logger
    }

    /// Peers, counters and timings, for the admin views.
    public func snapshot() async -> SyncSnapshot {
        let listen = self.configuration.listenHost.map { host in
            "\(host):\(self.boundPort.withLockedValue { $0 } ?? self.configuration.listenPort)"
        }
        return SyncSnapshot(
            startedAt: self.startedAt, listenAddress: listen,
            peers: await self.hub.snapshot(localVector: (try? await self.replica.vector()) ?? VersionVector()),
            metrics: await self.hub.metrics)
    }

    public func run() async throws {
        let identity = self.context.localIdentity
        guard identity.nodeID == self.replica.node.rawValue else {
            throw TLSError(.configurationInvalid, reason: "the certificate names \(identity.nodeID) but this replica is \(self.replica.node)")
        }
        await withDiscardingTaskGroup { group in
            group.addTask { await self.watchReplica() }
            if let host = self.configuration.listenHost {
                group.addTask { await self.listen(host: host, port: self.configuration.listenPort) }
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

    // MARK: Change notification

    /// Polls the replica's data version and wakes every session when anything was committed.
    private func watchReplica() async {
        guard let monitor = try? ChangeMonitor(replica: self.replica) else {
            self.logger.error("cannot watch the replica for changes; new operations go out only on reconnect")
            return
        }
        var last = (try? monitor.token()) ?? 0
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(self.configuration.changePollMilliseconds))
            guard let token = try? monitor.token(), token != last else { continue }
            last = token
            await self.hub.replicaChanged()
        }
    }

    // MARK: Listening

    private func listen(host: String, port: Int) async {
        let maximumFrameBytes = self.configuration.maximumFrameBytes
        do {
            let server = try await TLSBootstrap.listen(
                host: host, port: port, context: self.context, group: self.group, logger: self.logger
            ) { try Self.addFraming($0, maximumFrameBytes: maximumFrameBytes) }
            let bound = server.channel.localAddress?.port ?? port
            self.boundPort.withLockedValue { $0 = bound }
            self.logger.info("listening for peers", metadata: ["address": "\(host):\(bound)"])
            if let portFile = self.configuration.portFile {
                try? "\(bound)\n".write(toFile: portFile, atomically: true, encoding: .utf8)
            }
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        // A bad peer costs its own connection: errors are handled inside the child task.
                        group.addTask { await self.serve(connection, dialedByLocal: false, expected: nil) }
                    }
                }
            }
        } catch is CancellationError {
        } catch {
            self.logger.error("listener stopped", metadata: ["error": "\(error)"])
        }
    }

    /// Adds the frame codec after TLS and hands the channel to Swift concurrency.
    static func addFraming(_ channel: any NIOCore.Channel, maximumFrameBytes: Int) throws -> PeerChannel {
        let operations = channel.pipeline.syncOperations
        try operations.addHandler(ByteToMessageHandler(FrameDecoder(maximumFrameBytes: maximumFrameBytes)))
        try operations.addHandler(MessageToByteHandler(FrameEncoder()))
        return try NIOAsyncChannel(
            wrappingChannelSynchronously: channel,
            configuration: .init(backPressureStrategy: .init(lowWatermark: 2, highWatermark: 8)))
    }

    /// Authenticates a connection and runs its session; never throws, logs why it ended.
    private func serve(_ handshaking: TLSHandshakingChannel<PeerChannel>, dialedByLocal: Bool, expected: NodeID?) async {
        let connection = handshaking.channel
        let remote = connection.channel.remoteAddress.map { "\($0)" } ?? "unknown"
        var logger = self.logger
        logger[metadataKey: "remote"] = "\(remote)"
        let identity: PeerIdentity
        do {
            identity = try await handshaking.peerIdentity.get()
        } catch {
            logger.warning("refused a connection before any data moved", metadata: ["error": "\(error)"])
            await self.hub.countHandshakeFailure()
            if let expected { await self.hub.recordError(peer: expected.rawValue, String(describing: error)) }
            try? await connection.channel.close()
            return
        }
        guard let peer = try? NodeID(identity.nodeID), peer != self.replica.node else {
            logger.warning("refused a peer whose certificate names no usable node id", metadata: ["peer": "\(identity.nodeID)"])
            try? await connection.channel.close()
            return
        }
        logger[metadataKey: "peer"] = "\(peer)"
        let session = PeerSession(
            peer: peer, connection: await self.hub.makeConnectionID(), dialedByLocal: dialedByLocal,
            configuration: self.configuration, replica: self.replica, hub: self.hub, logger: logger)
        let ended = await session.run(connection)
        if let ended {
            logger.info("peer connection ended", metadata: ["reason": "\(ended)"])
        } else {
            logger.info("peer connection closed")
        }
    }

    // MARK: Dialling

    /// Keeps one configured peer connected, re-dialling with capped exponential backoff and jitter.
    private func keepDialling(_ peer: SyncConfiguration.Peer) async {
        var backoff = Backoff(
            initialSeconds: self.configuration.retryInitialSeconds, maximumSeconds: self.configuration.retryMaximumSeconds)
        let maximumFrameBytes = self.configuration.maximumFrameBytes
        while !Task.isCancelled {
            if await self.hub.isConnected(peer.node) {
                // The peer dialled us; one connection per pair is enough.
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            let started = ContinuousClock.now
            do {
                let connection = try await TLSBootstrap.dial(
                    host: peer.host, port: peer.port, expectedPeer: peer.node.rawValue, context: self.context,
                    group: self.group, logger: self.logger
                ) { try Self.addFraming($0, maximumFrameBytes: maximumFrameBytes) }
                await self.serve(connection, dialedByLocal: true, expected: peer.node)
            } catch is CancellationError {
                return
            } catch {
                self.logger.debug("dial failed", metadata: ["peer": "\(peer.node)", "error": "\(error)"])
                await self.hub.recordError(peer: peer.node.rawValue, String(describing: error))
            }
            // A connection that lasted resets the backoff; one that failed at once backs off further.
            if ContinuousClock.now - started > .seconds(10) { backoff.reset() }
            try? await Task.sleep(for: .seconds(backoff.next()))
        }
    }
}
