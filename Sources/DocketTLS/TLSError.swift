import CDocketOpenSSL
import CDocketOpenSSLShims

/// A failure of the TLS transport or of certificate handling.
///
/// `code` is stable and meant for code to match on; `reason` is for people and carries OpenSSL's own
/// `ERR_error_string_n` text where OpenSSL produced the failure.
public struct TLSError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added, so switch with a default.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case configurationInvalid = "configuration invalid"
            case certificateIssuanceFailed = "certificate issuance failed"
            case handshakeFailed = "handshake failed"
            case handshakeTimeout = "handshake timed out"
            case noPeerCertificate = "peer presented no certificate"
            case unknownCertificateAuthority = "peer certificate not signed by a trusted CA"
            case certificateExpired = "peer certificate expired"
            case certificateNotYetValid = "peer certificate not yet valid"
            case certificateRevoked = "peer certificate revoked"
            case certificateInvalid = "peer certificate invalid"
            case missingPeerIdentity = "peer certificate names no node"
            case unexpectedPeerIdentity = "peer is not the expected node"
            case rejectedByPeer = "peer rejected the handshake"
            case protocolVersionRejected = "TLS version not acceptable"
            case readFailed = "read failed"
            case writeFailed = "write failed"
            case uncleanShutdown = "connection closed without close_notify"
            case closedDuringHandshake = "connection closed during handshake"
            case signingFailed = "signing failed"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The TLS configuration could not be loaded (missing files, key mismatch, bad settings).
        public static let configurationInvalid = Code(.configurationInvalid)
        /// Creating a key or certificate failed.
        public static let certificateIssuanceFailed = Code(.certificateIssuanceFailed)
        /// The handshake failed for a reason without a more specific code.
        public static let handshakeFailed = Code(.handshakeFailed)
        /// The handshake did not finish within the configured time.
        public static let handshakeTimeout = Code(.handshakeTimeout)
        /// The peer sent no certificate although one is required.
        public static let noPeerCertificate = Code(.noPeerCertificate)
        /// The peer's certificate does not chain to the organisation's CA.
        public static let unknownCertificateAuthority = Code(.unknownCertificateAuthority)
        /// The peer's certificate (or one in its chain) has expired.
        public static let certificateExpired = Code(.certificateExpired)
        /// The peer's certificate (or one in its chain) is not valid yet.
        public static let certificateNotYetValid = Code(.certificateNotYetValid)
        /// The peer's certificate fingerprint is on the revocation list.
        public static let certificateRevoked = Code(.certificateRevoked)
        /// The peer's certificate failed verification for another reason.
        public static let certificateInvalid = Code(.certificateInvalid)
        /// The peer's certificate carries neither a subject CN nor a DNS subject alternative name.
        public static let missingPeerIdentity = Code(.missingPeerIdentity)
        /// The peer's certificate names a different node than the one dialled.
        public static let unexpectedPeerIdentity = Code(.unexpectedPeerIdentity)
        /// The peer sent an alert refusing our certificate or the handshake.
        public static let rejectedByPeer = Code(.rejectedByPeer)
        /// The peer offered or accepted only a TLS version other than 1.3.
        public static let protocolVersionRejected = Code(.protocolVersionRejected)
        /// Decrypting data from the peer failed.
        public static let readFailed = Code(.readFailed)
        /// Encrypting data for the peer failed, or the connection could no longer send.
        public static let writeFailed = Code(.writeFailed)
        /// The peer closed TCP without sending close_notify, so truncation cannot be ruled out.
        public static let uncleanShutdown = Code(.uncleanShutdown)
        /// The connection closed before the handshake completed.
        public static let closedDuringHandshake = Code(.closedDuringHandshake)
        /// Signing a chain head with the node's key failed.
        public static let signingFailed = Code(.signingFailed)

        public var description: String { self.base.rawValue }
    }

    /// The stable identity of the failure.
    public var code: Code
    /// Human-readable detail, including OpenSSL's reason strings when it reported any.
    public var reason: String

    /// Creates an error with an explicit reason.
    public init(_ code: Code, reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String {
        self.reason.isEmpty ? "TLSError(\(self.code))" : "TLSError(\(self.code)): \(self.reason)"
    }
}

extension TLSError {
    /// Builds an error from OpenSSL's thread-local error queue, emptying it.
    ///
    /// The queue must be drained after every failed call, or a stale entry would be blamed on the next
    /// connection served by the same thread.
    static func fromErrorQueue(_ code: Code, context: String) -> TLSError {
        let reasons = OpenSSLErrorQueue.drain()
        let reason = reasons.isEmpty ? context : "\(context): \(reasons.joined(separator: "; "))"
        return TLSError(code, reason: reason)
    }
}

/// OpenSSL's per-thread error queue.
enum OpenSSLErrorQueue {
    /// Removes every queued error and returns their `ERR_error_string_n` texts, oldest first.
    static func drain() -> [String] {
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            reasons.append(Self.string(for: code))
        }
        return reasons
    }

    /// Removes every queued error and returns the reason codes, oldest first, with their texts.
    static func drainCodes() -> [(reason: Int32, text: String)] {
        var entries: [(reason: Int32, text: String)] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            entries.append((docket_ERR_GET_REASON(code), Self.string(for: code)))
        }
        return entries
    }

    static func string(for code: UInt) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
