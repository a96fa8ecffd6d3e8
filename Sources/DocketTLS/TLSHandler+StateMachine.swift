import NIOCore

extension TLSHandler {
    /// The connection's lifecycle as a value type: each event returns the action the handler must carry out.
    ///
    /// It holds no OpenSSL or channel state, so every transition can be unit-tested without a network.
    struct StateMachine {
        enum State: Equatable {
            /// Handler added, channel not active yet.
            case idle
            case handshaking
            /// Handshake done and the peer verified; application data flows.
            case active
            /// We sent close_notify and wait for the peer's.
            case closing
            case closed
        }

        enum Action: Equatable {
            case none
            /// Begin the handshake and arm its timer.
            case startHandshake
            /// Announce the peer, then write what was buffered during the handshake.
            case announcePeerAndFlushBufferedWrites
            /// Queue close_notify, arm the shutdown timer; close when the peer answers or the timer fires.
            case sendCloseNotify
            /// Answer the peer's close_notify with ours, then close.
            case sendCloseNotifyAndClose
            /// Close the channel without further TLS traffic.
            case close
            /// Report the error to the layer above and close the channel.
            case failAndClose(TLSError)
            /// Report the error; the channel is already going away.
            case fail(TLSError)
            /// Hold the write until the handshake completes.
            case bufferWrite
            /// Encrypt and send the write now.
            case encryptWrite
            /// The connection can no longer send.
            case rejectWrite
        }

        private(set) var state: State = .idle

        mutating func channelActive() -> Action {
            switch self.state {
            case .idle:
                self.state = .handshaking
                return .startHandshake
            case .handshaking, .active, .closing, .closed:
                // A second channelActive does not happen in NIO; ignore rather than crash.
                return .none
            }
        }

        mutating func handshakeSucceeded() -> Action {
            switch self.state {
            case .handshaking:
                self.state = .active
                return .announcePeerAndFlushBufferedWrites
            case .idle, .active, .closing, .closed:
                preconditionFailure("handshake completed in state \(self.state)")
            }
        }

        mutating func handshakeFailed(_ error: TLSError) -> Action {
            switch self.state {
            case .handshaking:
                self.state = .closed
                return .failAndClose(error)
            case .idle, .active, .closing, .closed:
                preconditionFailure("handshake failed in state \(self.state)")
            }
        }

        mutating func handshakeTimerFired(after timeout: TimeAmount) -> Action {
            guard self.state == .handshaking else {
                // The timer raced with completion or close; nothing to do.
                return .none
            }
            self.state = .closed
            let seconds = Double(timeout.nanoseconds) / 1_000_000_000
            return .failAndClose(TLSError(.handshakeTimeout, reason: "no completed handshake within \(seconds)s"))
        }

        mutating func closeRequested() -> Action {
            switch self.state {
            case .idle, .handshaking:
                // No secure channel exists yet, so there is nobody to send close_notify to.
                self.state = .closed
                return .close
            case .active:
                self.state = .closing
                return .sendCloseNotify
            case .closing, .closed:
                return .none
            }
        }

        mutating func peerSentCloseNotify() -> Action {
            switch self.state {
            case .active:
                self.state = .closed
                return .sendCloseNotifyAndClose
            case .closing:
                self.state = .closed
                return .close
            case .idle, .handshaking, .closed:
                // OpenSSL reports close_notify only after the handshake; a late one after close is harmless.
                return .none
            }
        }

        mutating func shutdownTimerFired() -> Action {
            guard self.state == .closing else { return .none }
            self.state = .closed
            return .close
        }

        mutating func connectionFailed(_ error: TLSError) -> Action {
            switch self.state {
            case .idle, .handshaking, .active:
                self.state = .closed
                return .failAndClose(error)
            case .closing:
                // We are leaving anyway; an error on the way out is not worth reporting as a failure.
                self.state = .closed
                return .close
            case .closed:
                return .none
            }
        }

        mutating func channelInactive() -> Action {
            let previous = self.state
            self.state = .closed
            switch previous {
            case .idle, .closing, .closed:
                // After our close_notify, a peer may drop TCP without answering; that is an accepted end.
                return .none
            case .handshaking:
                return .fail(
                    TLSError(.closedDuringHandshake, reason: "peer closed the connection during the handshake")
                )
            case .active:
                return .fail(TLSError(.uncleanShutdown, reason: "peer closed TCP without close_notify"))
            }
        }

        func write() -> Action {
            switch self.state {
            case .idle, .handshaking:
                return .bufferWrite
            case .active:
                return .encryptWrite
            case .closing, .closed:
                return .rejectWrite
            }
        }
    }
}
