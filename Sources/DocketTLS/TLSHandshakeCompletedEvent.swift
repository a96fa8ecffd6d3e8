/// Fired as a user inbound event once the handshake has completed and the peer has been verified.
///
/// Handlers after `TLSHandler` can wait for this before sending; anything written earlier is held by
/// `TLSHandler` until this point.
public struct TLSHandshakeCompletedEvent: Sendable, Hashable {
    /// The verified peer.
    public var peer: PeerIdentity

    public init(peer: PeerIdentity) {
        self.peer = peer
    }
}
