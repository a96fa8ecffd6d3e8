import Logging
import NIOCore
import NIOPosix

/// Starts TLS listeners and dials TLS peers on NIOPosix with `TLSHandler` already in the pipeline.
///
/// The caller's initializer adds its own handlers after TLS; they see plaintext, and learn the peer from
/// `TLSHandshakeCompletedEvent` or `Channel.tlsPeerIdentity()`.
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
        ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                do {
                    let handler = TLSHandler(context: context, role: .server, logger: logger)
                    try channel.pipeline.syncOperations.addHandler(handler)
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
        // The handler is kept here rather than looked up after connecting: a handshake refused quickly
        // closes the channel and empties its pipeline before a lookup could run, losing the TLSError.
        let handler = HandlerReference(
            TLSHandler(context: context, role: .client(expectedPeer: expectedPeer), logger: logger)
        )
        return ClientBootstrap(group: group)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                do {
                    try channel.pipeline.syncOperations.addHandler(handler.value)
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
                return channelInitializer(channel)
            }
            .connect(host: host, port: port)
            .flatMap { channel in
                // handlerAdded ran on this event loop during initialization, so the promise exists.
                handler.value.peerIdentity
                    .map { TLSPeerChannel(channel: channel, peer: $0) }
                    .flatMapError { error in
                        channel.close(promise: nil)
                        return channel.eventLoop.makeFailedFuture(error)
                    }
            }
    }
}

/// Carries the one handler of a dialled channel into the bootstrap's closures; it is only ever touched on
/// that channel's event loop.
private final class HandlerReference: @unchecked Sendable {
    let value: TLSHandler

    init(_ value: TLSHandler) {
        self.value = value
    }
}

/// A connected channel together with the peer its certificate proved.
public struct TLSPeerChannel: Sendable {
    /// The channel; write plaintext `ByteBuffer`s to it.
    public var channel: Channel
    /// The verified peer.
    public var peer: PeerIdentity
}

extension Channel {
    /// The peer verified by this channel's `TLSHandler`: succeeds after the handshake, fails with the
    /// `TLSError` that ended it.
    ///
    /// Call it from the channel initializer: once a refused connection has closed, its pipeline is empty and
    /// this fails with `ChannelPipelineError.notFound` instead of the `TLSError`.
    public func tlsPeerIdentity() -> EventLoopFuture<PeerIdentity> {
        self.eventLoop.flatSubmit {
            do {
                return try self.pipeline.syncOperations.handler(type: TLSHandler.self).peerIdentity
            } catch {
                return self.eventLoop.makeFailedFuture(error)
            }
        }
    }
}
