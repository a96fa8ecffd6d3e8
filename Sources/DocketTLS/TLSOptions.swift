import NIOCore

/// The part of the transport that the operator tunes, with its safe defaults. Every default lives here,
/// and the config file is read straight into it.
///
/// There is no option that weakens TLS 1.3-only, mutual authentication, or the refusal of renegotiation
/// and compression.
public struct TLSOptions: Sendable, Hashable {
    /// SHA-256 fingerprints of DER certificates to refuse, as hex (case and `:` separators are ignored).
    public var revokedFingerprints: Set<String> = []
    /// How long a handshake may take before the connection is dropped.
    public var handshakeTimeout: TimeAmount = .seconds(10)
    /// How long to wait for the peer's close_notify after sending ours before closing anyway.
    ///
    /// Short, because it bounds how long a stopping daemon waits on a paused or vanished peer; our own
    /// data is already sent by then, and the peer's close_notify only confirms it saw the end.
    public var shutdownTimeout: TimeAmount = .seconds(1)
    /// Longest accepted chain below the trust anchor: 1 allows one intermediate CA.
    public var maximumVerifyDepth: Int = 2

    public init() {}
}
