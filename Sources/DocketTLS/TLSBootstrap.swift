import Logging
import NIOCore
import NIOPosix

/// Starts TLS listeners and dials TLS peers on NIOPosix with `TLSHandler` already in the pipeline.
///
/// The caller's initializer adds its own handlers after TLS; they see plaintext, and learn the peer from
/// `TLSHandshakeCompletedEvent`, from `TLSPeerChannel.peer`, or from `TLSHandshakingChannel.peerIdentity`.
/// Every TLS listener and dialler in Docket goes through here, so socket options live in one place.
public enum TLSBootstrap {
    /// Listens on `host:port` (port 0 picks a free one; read it from the returned channel's `localAddress`).
    ///
    /// Each accepted connection is refused or served on its own: a failed handshake closes that child
    /// channel only, and the listener keeps accepting.
    /// - Parameters:
    ///   - childChannelInitializer: Adds the application's handlers after `TLSHandler` on each connection.
    public static func listen(
        host: String,
        port: Int,
        context: TLSContext,
        group: EventLoopGroup,
        logger: Logger = Logger(label: "docket.tls"),
        childChannelInitializer: @escaping @Sendable (Channel) -> EventLoopFuture<Void>
    ) -> EventLoopFuture<Channel> {
        Self.serverBootstrap(group: group)
            .childChannelInitializer { channel in
                do {
                    _ = try Self.addTLSHandler(to: channel, context: context, role: .server, logger: logger)
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
                return childChannelInitializer(channel)
            }
            .bind(host: host, port: port)
    }

    /// Connects to `host:port` and completes once the peer has proved to be `expectedPeer`.
    ///
    /// - Parameters:
    ///   - expectedPeer: The node id the peer's certificate must name.
    ///   - channelInitializer: Adds the application's handlers after `TLSHandler`.
    /// - Returns: The channel and the verified peer; fails with `TLSError` (or a connect error), in which
    ///   case the channel is closed.
    public static func dial(
        host: String,
        port: Int,
        expectedPeer: String,
        context: TLSContext,
        group: EventLoopGroup,
        connectTimeout: TimeAmount = .seconds(10),
        logger: Logger = Logger(label: "docket.tls"),
        channelInitializer: @escaping @Sendable (Channel) -> EventLoopFuture<Void> = {
            $0.eventLoop.makeSucceededVoidFuture()
        }
    ) -> EventLoopFuture<TLSPeerChannel> {
        let identity = IdentityReference()
        return Self.clientBootstrap(group: group, connectTimeout: connectTimeout)
            .channelInitializer { channel in
                do {
                    identity.future = try Self.addTLSHandler(
                        to: channel, context: context, role: .client(expectedPeer: expectedPeer), logger: logger)
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
                return channelInitializer(channel)
            }
            .connect(host: host, port: port)
            .flatMap { channel in
                // The initializer ran on this event loop before the connection completed, so the future is set.
                identity.future!
                    .map { TLSPeerChannel(channel: channel, peer: $0) }
                    .flatMapError { error in
                        channel.close(promise: nil)
                        return channel.eventLoop.makeFailedFuture(error)
                    }
            }
    }

    // MARK: Shared setup

    static func serverBootstrap(group: EventLoopGroup) -> ServerBootstrap {
        ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
    }

    static func clientBootstrap(group: EventLoopGroup, connectTimeout: TimeAmount) -> ClientBootstrap {
        ClientBootstrap(group: group)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
    }

    /// Adds a `TLSHandler` and returns its verdict on the peer.
    ///
    /// The future is taken here, while the handler is known to be in the pipeline: a handshake refused
    /// quickly closes the channel and empties its pipeline, and a later lookup would lose the `TLSError`.
    static func addTLSHandler(
        to channel: Channel,
        context: TLSContext,
        role: TLSHandler.Role,
        logger: Logger
    ) throws -> EventLoopFuture<PeerIdentity> {
        let handler = TLSHandler(context: context, role: role, logger: logger)
        try channel.pipeline.syncOperations.addHandler(handler)
        return handler.peerIdentity
    }
}

/// Carries a dialled channel's identity future from its initializer to the connect callback; both run on
/// that channel's event loop.
private final class IdentityReference: @unchecked Sendable {
    var future: EventLoopFuture<PeerIdentity>?
}

/// A connected channel together with the peer its certificate proved.
public struct TLSPeerChannel: Sendable {
    /// The channel; write plaintext `ByteBuffer`s to it.
    public var channel: Channel
    /// The verified peer.
    public var peer: PeerIdentity
}
