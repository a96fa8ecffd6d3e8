import Logging
import NIOCore

/// A channel handler that runs TLS 1.3 with mutual authentication over the system OpenSSL.
///
/// Inbound it turns ciphertext into plaintext `ByteBuffer`s, outbound the reverse. After the handshake it
/// fires `TLSHandshakeCompletedEvent` and fulfils `peerIdentity`. Any TLS failure (a refused certificate,
/// a corrupt record, a timeout) is fired as a `TLSError` through `errorCaught` and closes this channel only.
public final class TLSHandler: ChannelDuplexHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer
    public typealias OutboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    /// Which side of the handshake this handler plays.
    public enum Role: Sendable, Hashable {
        /// Accepts connections; any peer with a valid certificate from the CA is admitted.
        case server
        /// Dials a peer that must prove to be `expectedPeer` (the node id in its certificate).
        case client(expectedPeer: String)
    }

    let tlsContext: TLSContext
    let role: Role
    let logger: Logger
    var connection: TLSConnection?
    var stateMachine = StateMachine()
    var bufferedWrites: [(ByteBuffer, EventLoopPromise<Void>?)] = []
    var identityPromise: EventLoopPromise<PeerIdentity>?
    var isIdentityComplete = false
    var closePromise: EventLoopPromise<Void>?
    var handshakeTimer: Scheduled<Void>?
    var shutdownTimer: Scheduled<Void>?

    /// Creates a handler for one connection.
    /// - Parameters:
    ///   - context: The node's shared TLS context.
    ///   - role: `.server` on accepted connections, `.client(expectedPeer:)` on dialled ones.
    ///   - logger: Receives one line per refused or failed connection.
    public init(context: TLSContext, role: Role, logger: Logger = Logger(label: "docket.tls")) {
        self.tlsContext = context
        self.role = role
        self.logger = logger
    }

    /// Succeeds with the verified peer after the handshake, or fails with the `TLSError` that ended it.
    ///
    /// Available once the handler is in a pipeline.
    public var peerIdentity: EventLoopFuture<PeerIdentity> {
        guard let promise = self.identityPromise else {
            preconditionFailure("peerIdentity read before the handler was added to a pipeline")
        }
        return promise.futureResult
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        self.identityPromise = context.eventLoop.makePromise(of: PeerIdentity.self)
        let connectionRole: TLSConnection.Role
        switch self.role {
        case .server: connectionRole = .server
        case .client(let expected): connectionRole = .client(expectedPeerNodeID: expected)
        }
        do {
            self.connection = try TLSConnection(context: self.tlsContext, role: connectionRole)
        } catch {
            let tlsError = error as? TLSError ?? TLSError(.configurationInvalid, reason: "\(error)")
            self.completeIdentity(.failure(tlsError))
            context.fireErrorCaught(tlsError)
            context.close(promise: nil)
            return
        }
        if context.channel.isActive {
            self.perform(self.stateMachine.channelActive(), context: context)
        }
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        self.cancelTimers()
        let error = ChannelError.ioOnClosedChannel
        self.completeIdentity(.failure(error))
        self.failBufferedWrites(error)
        self.closePromise?.fail(error)
        self.closePromise = nil
        self.connection = nil
    }

    public func channelActive(context: ChannelHandlerContext) {
        self.perform(self.stateMachine.channelActive(), context: context)
        context.fireChannelActive()
    }

    public func channelInactive(context: ChannelHandlerContext) {
        let action = self.stateMachine.channelInactive()
        self.cancelTimers()
        self.perform(action, context: context)
        self.completeIdentity(.failure(ChannelError.ioOnClosedChannel))
        self.failBufferedWrites(ChannelError.ioOnClosedChannel)
        self.closePromise?.succeed(())
        self.closePromise = nil
        context.fireChannelInactive()
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let connection = self.connection else { return }
        connection.receiveFromNetwork(self.unwrapInboundIn(data))
        switch self.stateMachine.state {
        case .handshaking:
            self.driveHandshake(context: context)
        case .active, .closing:
            self.readPlaintext(context: context)
        case .idle, .closed:
            // Bytes after we decided to close are dropped; bytes before channelActive cannot arrive.
            break
        }
    }

    public func channelReadComplete(context: ChannelHandlerContext) {
        switch self.stateMachine.state {
        case .handshaking, .closing:
            // The layer above may have turned autoRead off; the handshake and shutdown must progress anyway.
            context.read()
        case .active:
            context.fireChannelReadComplete()
        case .idle, .closed:
            break
        }
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let buffer = self.unwrapOutboundIn(data)
        switch self.stateMachine.write() {
        case .bufferWrite:
            self.bufferedWrites.append((buffer, promise))
        case .encryptWrite:
            self.encryptAndWrite(buffer, promise: promise, context: context)
        case .rejectWrite:
            promise?.fail(ChannelError.ioOnClosedChannel)
        default:
            preconditionFailure("unexpected write action")
        }
    }

    public func flush(context: ChannelHandlerContext) {
        switch self.stateMachine.state {
        case .idle, .handshaking:
            // Buffered writes are flushed as soon as the handshake completes.
            break
        case .active, .closing, .closed:
            context.flush()
        }
    }

    public func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard mode == .all else {
            // Half-closure would bypass close_notify; TLS here is all or nothing.
            promise?.fail(ChannelError.operationUnsupported)
            return
        }
        if self.stateMachine.state == .closed {
            // Our own close is already under way (or done); let NIO report that to this caller.
            context.close(mode: mode, promise: promise)
            return
        }
        if let promise {
            if let existing = self.closePromise {
                existing.futureResult.cascade(to: promise)
            } else {
                self.closePromise = promise
            }
        }
        self.perform(self.stateMachine.closeRequested(), context: context)
    }
}
