import Logging
import NIOCore
import NIOPosix

extension TLSBootstrap {
    /// Listens on `host:port` and hands out each accepted connection as it arrives, for Swift concurrency.
    ///
    /// Each connection is yielded at once, with its handshake still running: await its `peerIdentity`
    /// before trusting it. A refused connection closes on its own and never disturbs the listener.
    /// - Parameters:
    ///   - childChannelInitializer: Runs on the connection's event loop after `TLSHandler` is added: adds
    ///     the application's handlers (use `pipeline.syncOperations`) and wraps the channel, typically in a
    ///     `NIOAsyncChannel`.
    /// - Returns: The listening channel; port 0 picks a free port, read it from `channel.localAddress`.
    public static func listen<Wrapped: Sendable>(
        host: String,
        port: Int,
        context: TLSContext,
        group: EventLoopGroup,
        logger: Logger = Logger(label: "docket.tls"),
        childChannelInitializer: @escaping @Sendable (Channel) throws -> Wrapped
    ) async throws -> NIOAsyncChannel<TLSHandshakingChannel<Wrapped>, Never> {
        try await Self.serverBootstrap(group: group).bind(host: host, port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                let identity = try Self.addTLSHandler(to: channel, context: context, role: .server, logger: logger)
                return TLSHandshakingChannel(channel: try childChannelInitializer(channel), peerIdentity: identity)
            }
        }
    }

    /// Connects to `host:port`, where the peer must prove to be `expectedPeer`.
    ///
    /// Returns as soon as TCP connects, with the handshake still running: await `peerIdentity`, which
    /// fails with the `TLSError` that refused the peer.
    /// - Parameters:
    ///   - channelInitializer: As for `listen`: adds the handlers after `TLSHandler` and wraps the channel.
    /// - Throws: A connect error when no TCP connection could be made.
    public static func dial<Wrapped: Sendable>(
        host: String,
        port: Int,
        expectedPeer: String,
        context: TLSContext,
        group: EventLoopGroup,
        connectTimeout: TimeAmount = .seconds(10),
        logger: Logger = Logger(label: "docket.tls"),
        channelInitializer: @escaping @Sendable (Channel) throws -> Wrapped
    ) async throws -> TLSHandshakingChannel<Wrapped> {
        try await Self.clientBootstrap(group: group, connectTimeout: connectTimeout).connect(host: host, port: port) {
            channel in
            channel.eventLoop.makeCompletedFuture {
                let identity = try Self.addTLSHandler(
                    to: channel, context: context, role: .client(expectedPeer: expectedPeer), logger: logger)
                return TLSHandshakingChannel(channel: try channelInitializer(channel), peerIdentity: identity)
            }
        }
    }
}

/// A TLS connection whose handshake may still be running, with what the caller's initializer built on it.
public struct TLSHandshakingChannel<Wrapped: Sendable>: Sendable {
    /// What the initializer returned, e.g. a `NIOAsyncChannel` over the plaintext handlers.
    public var channel: Wrapped
    /// Succeeds with the verified peer after the handshake, or fails with the `TLSError` that ended it.
    ///
    /// Taken when the `TLSHandler` joined the pipeline, so it still holds the TLS reason after a refused
    /// connection has closed.
    public var peerIdentity: EventLoopFuture<PeerIdentity>
}
