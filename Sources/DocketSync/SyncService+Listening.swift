import DocketCore
import DocketTLS
import DocketWire
import Foundation
import Logging
import NIOCore

extension SyncService {
    /// Binds the peer listener, so that a daemon which cannot listen fails before it says it started.
    ///
    /// Does nothing when no listen address is configured or the listener is already bound.
    /// - Throws: `ListenError` naming the address and the reason (in use, not on this machine, unknown host).
    public func bind() async throws {
        guard let host = self.configuration.listenHost,
            case .unbound = self.listener.withLockedValue({ $0 })
        else { return }
        let port = self.configuration.listenPort
        let maximumFrameBytes = self.configuration.maximumFrameBytes
        let server: PeerServer
        do {
            server = try await TLSBootstrap.listen(
                host: host, port: port, context: self.context, group: self.group, logger: self.logger
            ) { try Self.addFraming($0, maximumFrameBytes: maximumFrameBytes) }
        } catch {
            let failure = ListenError(address: "\(host):\(port)", error: error)
            self.listener.withLockedValue { $0 = .stopped(reason: failure.reason) }
            throw failure
        }
        let bound = server.channel.localAddress?.port ?? port
        self.listener.withLockedValue { $0 = .bound(server, port: bound) }
        self.logger.info("listening for peers", metadata: ["address": "\(host):\(bound)"])
        if let portFile = self.configuration.portFile {
            try? "\(bound)\n".write(toFile: portFile, atomically: true, encoding: .utf8)
        }
    }

    /// Accepts peers until cancelled; a listener that stops for any other reason is recorded, so health
    /// and status stop reporting it up.
    func listen() async {
        do {
            try await self.bind()
        } catch {
            self.logger.error("peer listener stopped", metadata: ["error": "\(error)"])
            return
        }
        guard case .bound(let server, let port) = self.listener.withLockedValue({ $0 }) else { return }
        self.listener.withLockedValue { $0 = .serving(port: port) }
        var reason = "the listening socket closed"
        do {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        // A bad peer costs its own connection: errors are handled inside the child task.
                        group.addTask { await self.serve(connection, dialedByLocal: false, expected: nil) }
                    }
                }
            }
        } catch {
            reason = ListenError.reason(for: error)
        }
        // Cancellation is the daemon stopping; anything else is a listener lost while running.
        guard !Task.isCancelled else { return }
        self.listener.withLockedValue { $0 = .stopped(reason: reason) }
        self.logger.error("peer listener stopped", metadata: ["port": "\(port)", "error": "\(reason)"])
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
    func serve(_ handshaking: TLSHandshakingChannel<PeerChannel>, dialedByLocal: Bool, expected: NodeID?) async {
        let connection = handshaking.channel
        let remote = connection.channel.remoteAddress.map { "\($0)" } ?? "unknown"
        var logger = self.logger
        logger[metadataKey: "remote"] = "\(remote)"
        let identity: PeerIdentity
        do {
            // A stopping daemon does not wait out a handshake: closing the channel ends it at once.
            identity = try await withTaskCancellationHandler {
                try await handshaking.peerIdentity.get()
            } onCancel: {
                connection.channel.close(promise: nil)
            }
        } catch {
            if Task.isCancelled {
                try? await connection.channel.close()
                return
            }
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
            configuration: self.configuration, replica: self.replica, hub: self.hub, signer: self.signer,
            verifier: self.verifier, logger: logger)
        let ended = await session.run(connection)
        if let ended {
            logger.info("peer connection ended", metadata: ["reason": "\(ended)"])
        } else {
            logger.info("peer connection closed")
        }
    }
}
