import NIOCore

extension TLSHandler {
    /// Carries out what the state machine decided.
    func perform(_ action: StateMachine.Action, context: ChannelHandlerContext) {
        switch action {
        case .none, .bufferWrite, .encryptWrite, .rejectWrite:
            break
        case .startHandshake:
            self.startHandshake(context: context)
        case .announcePeerAndFlushBufferedWrites:
            preconditionFailure("handled in driveHandshake, which has the identity")
        case .sendCloseNotify:
            self.sendCloseNotify(context: context)
        case .sendCloseNotifyAndClose:
            _ = self.connection?.shutdown()
            self.sendOutbound(context: context)
            self.closeChannel(context: context)
        case .close:
            self.closeChannel(context: context)
        case .failAndClose(let error):
            self.report(error, context: context)
            // Send whatever OpenSSL queued (usually an alert naming the reason) before closing.
            self.sendOutbound(context: context)
            self.closeChannel(context: context)
        case .fail(let error):
            self.report(error, context: context)
        }
    }

    private func startHandshake(context: ChannelHandlerContext) {
        let timeout = self.tlsContext.configuration.handshakeTimeout
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        self.handshakeTimer = context.eventLoop.scheduleTask(in: timeout) {
            let (handler, context) = loopBound.value
            handler.perform(handler.stateMachine.handshakeTimerFired(after: timeout), context: context)
        }
        // The client speaks first; the server's call just sets up state and waits for the ClientHello.
        self.driveHandshake(context: context)
        context.read()
    }

    func driveHandshake(context: ChannelHandlerContext) {
        guard let connection = self.connection else { return }
        switch connection.doHandshake() {
        case .wantRead:
            self.sendOutbound(context: context)
        case .failed(let error):
            self.perform(self.stateMachine.handshakeFailed(error), context: context)
        case .complete(let identity):
            let action = self.stateMachine.handshakeSucceeded()
            precondition(action == .announcePeerAndFlushBufferedWrites)
            self.handshakeTimer?.cancel()
            self.handshakeTimer = nil
            self.sendOutbound(context: context)
            self.logger.debug("TLS handshake completed", metadata: ["peer": "\(identity.nodeID)"])
            self.completeIdentity(.success(identity))
            context.fireUserInboundEventTriggered(TLSHandshakeCompletedEvent(peer: identity))
            self.flushBufferedWrites(context: context)
            // Application data may have arrived together with the last handshake message.
            if self.stateMachine.state == .active {
                self.readPlaintext(context: context)
            }
        }
    }

    func readPlaintext(context: ChannelHandlerContext) {
        guard let connection = self.connection else { return }
        while true {
            switch connection.readPlaintext(allocator: context.channel.allocator) {
            case .data(let buffer):
                // During our own shutdown, late data from the peer has nobody to go to.
                if self.stateMachine.state == .active {
                    context.fireChannelRead(self.wrapInboundOut(buffer))
                }
            case .wantRead:
                // Post-handshake messages (such as key updates) may need an answer.
                self.sendOutbound(context: context)
                return
            case .closeNotify:
                self.perform(self.stateMachine.peerSentCloseNotify(), context: context)
                return
            case .failed(let error):
                self.perform(self.stateMachine.connectionFailed(error), context: context)
                return
            }
            guard self.stateMachine.state == .active || self.stateMachine.state == .closing else { return }
        }
    }

    func encryptAndWrite(_ buffer: ByteBuffer, promise: EventLoopPromise<Void>?, context: ChannelHandlerContext) {
        guard let connection = self.connection else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        switch connection.writePlaintext(buffer) {
        case .success:
            // One plaintext write becomes one ciphertext write carrying the same promise, so the promise
            // completes when the bytes reach the socket and the channel's writability reflects them.
            self.writeOutbound(context: context, promise: promise)
        case .failure(let error):
            promise?.fail(error)
            self.perform(self.stateMachine.connectionFailed(error), context: context)
        }
    }

    /// Writes (without flushing) whatever ciphertext OpenSSL has queued; returns whether there was any.
    @discardableResult
    func writeOutbound(context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) -> Bool {
        guard let bytes = self.connection?.takeOutboundBytes(allocator: context.channel.allocator) else {
            promise?.succeed(())
            return false
        }
        context.write(self.wrapOutboundOut(bytes), promise: promise)
        return true
    }

    /// Writes and flushes TLS's own traffic (handshake, alerts, close_notify, key updates).
    func sendOutbound(context: ChannelHandlerContext) {
        if self.writeOutbound(context: context, promise: nil) {
            context.flush()
        }
    }

    private func flushBufferedWrites(context: ChannelHandlerContext) {
        let writes = self.bufferedWrites
        self.bufferedWrites = []
        for (buffer, promise) in writes {
            self.encryptAndWrite(buffer, promise: promise, context: context)
        }
        // Handshake bytes written above with state .active still need to leave.
        context.flush()
    }

    private func sendCloseNotify(context: ChannelHandlerContext) {
        guard let connection = self.connection else {
            self.closeChannel(context: context)
            return
        }
        switch connection.shutdown() {
        case .complete:
            self.sendOutbound(context: context)
            self.perform(self.stateMachine.peerSentCloseNotify(), context: context)
        case .sent:
            self.sendOutbound(context: context)
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            self.shutdownTimer = context.eventLoop.scheduleTask(in: self.tlsContext.configuration.shutdownTimeout) {
                let (handler, context) = loopBound.value
                handler.perform(handler.stateMachine.shutdownTimerFired(), context: context)
            }
            context.read()
        case .failed:
            self.perform(self.stateMachine.shutdownTimerFired(), context: context)
        }
    }

    private func closeChannel(context: ChannelHandlerContext) {
        self.cancelTimers()
        let promise = self.closePromise
        self.closePromise = nil
        context.close(mode: .all, promise: promise)
    }

    private func report(_ error: TLSError, context: ChannelHandlerContext) {
        // Debug only: the error reaches the channel's owner, which logs it once with what it means there.
        self.logger.debug(
            "TLS connection refused or failed",
            metadata: [
                "error": "\(error.code)",
                "reason": "\(error.reason)",
                "remote": "\(context.channel.remoteAddress.map { "\($0)" } ?? "?")",
            ]
        )
        self.completeIdentity(.failure(error))
        self.failBufferedWrites(error)
        context.fireErrorCaught(error)
    }

    /// Completes `peerIdentity` once; later outcomes (a close after success, say) are ignored.
    func completeIdentity(_ result: Result<PeerIdentity, Error>) {
        guard !self.isIdentityComplete, let promise = self.identityPromise else { return }
        self.isIdentityComplete = true
        promise.completeWith(result)
    }

    func failBufferedWrites(_ error: Error) {
        let writes = self.bufferedWrites
        self.bufferedWrites = []
        for (_, promise) in writes {
            promise?.fail(error)
        }
    }

    func cancelTimers() {
        self.handshakeTimer?.cancel()
        self.handshakeTimer = nil
        self.shutdownTimer?.cancel()
        self.shutdownTimer = nil
    }
}
