import CDocketOpenSSL
import CDocketOpenSSLShims
import NIOCore

/// One OpenSSL `SSL*` wired to two memory BIOs: ciphertext from the network goes in one, ciphertext for the
/// network comes out of the other. It never touches a socket; `TLSHandler` moves the bytes.
///
/// Every call clears OpenSSL's error queue first and drains it on failure, so errors are never attributed to
/// the wrong connection.
final class TLSConnection {
    enum Role: Equatable {
        case server
        case client(expectedPeerNodeID: String)
    }

    enum HandshakeResult {
        case complete(PeerIdentity)
        case wantRead
        case failed(TLSError)
    }

    enum ReadResult {
        case data(ByteBuffer)
        case wantRead
        case closeNotify
        case failed(TLSError)
    }

    enum ShutdownResult {
        /// Both close_notify alerts have been exchanged.
        case complete
        /// Ours is queued; the peer's has not arrived yet.
        case sent
        case failed(TLSError)
    }

    let context: TLSContext
    let role: Role
    let ssl: OpaquePointer
    private let networkToTLS: MemoryBIO
    private let tlsToNetwork: MemoryBIO
    private(set) var verificationFailure: TLSError?

    /// Largest plaintext chunk handed up at once: one TLS record.
    static let readChunkSize = 16 * 1024

    init(context: TLSContext, role: Role) throws {
        guard let ssl = SSL_new(context.pointer) else {
            throw TLSError.fromErrorQueue(.configurationInvalid, context: "SSL_new failed")
        }
        let networkToTLS: MemoryBIO
        let tlsToNetwork: MemoryBIO
        do {
            networkToTLS = try MemoryBIO()
            tlsToNetwork = try MemoryBIO()
        } catch {
            SSL_free(ssl)
            throw error
        }
        // SSL_set_bio takes ownership of both BIOs; SSL_free releases them.
        SSL_set_bio(ssl, networkToTLS.pointer, tlsToNetwork.pointer)
        networkToTLS.transferOwnership()
        tlsToNetwork.transferOwnership()

        self.context = context
        self.role = role
        self.ssl = ssl
        self.networkToTLS = networkToTLS
        self.tlsToNetwork = tlsToNetwork

        switch role {
        case .server:
            SSL_set_accept_state(ssl)
        case .client(let expected):
            SSL_set_connect_state(ssl)
            // SNI carries the node we want, so a peer's logs show whom we were trying to reach.
            if docket_SSL_set_tlsext_host_name(ssl, expected) != 1 {
                _ = OpenSSLErrorQueue.drain()
            }
        }
        // The verify callback finds this object through the SSL's app data; `self` outlives the SSL.
        _ = docket_SSL_set_app_data(ssl, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit {
        SSL_free(self.ssl)
    }

    /// Hands ciphertext received from the network to OpenSSL.
    func receiveFromNetwork(_ buffer: ByteBuffer) {
        buffer.withUnsafeReadableBytes { bytes in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return }
            // A memory BIO grows to take everything, so a short write cannot happen.
            let written = BIO_write(self.networkToTLS.pointer, base, Int32(bytes.count))
            precondition(written == Int32(bytes.count), "memory BIO refused bytes")
        }
    }

    /// Ciphertext OpenSSL produced for the network, if any.
    func takeOutboundBytes(allocator: ByteBufferAllocator) -> ByteBuffer? {
        let pending = self.tlsToNetwork.pendingCount
        guard pending > 0 else { return nil }
        var buffer = allocator.buffer(capacity: pending)
        let read = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: pending) { bytes in
            Int(max(0, BIO_read(self.tlsToNetwork.pointer, bytes.baseAddress, Int32(pending))))
        }
        return read > 0 ? buffer : nil
    }

    /// Advances the handshake as far as the received bytes allow.
    func doHandshake() -> HandshakeResult {
        ERR_clear_error()
        let result = SSL_do_handshake(self.ssl)
        if result == 1 {
            do {
                return .complete(try self.verifiedPeerIdentity())
            } catch let error as TLSError {
                return .failed(error)
            } catch {
                return .failed(TLSError(.certificateInvalid, reason: "\(error)"))
            }
        }
        switch SSL_get_error(self.ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .wantRead
        default:
            return .failed(self.handshakeError())
        }
    }

    /// Decrypts one chunk of application data, if a whole record is available.
    func readPlaintext(allocator: ByteBufferAllocator) -> ReadResult {
        ERR_clear_error()
        var buffer = allocator.buffer(capacity: Self.readChunkSize)
        var status: Int32 = 0
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: Self.readChunkSize) { bytes in
            status = SSL_read(self.ssl, bytes.baseAddress, Int32(Self.readChunkSize))
            return Int(max(0, status))
        }
        if status > 0 {
            return .data(buffer)
        }
        switch SSL_get_error(self.ssl, status) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .wantRead
        case SSL_ERROR_ZERO_RETURN:
            return .closeNotify
        default:
            return .failed(self.connectionError(.readFailed))
        }
    }

    /// Encrypts application data; the records are then waiting in `takeOutboundBytes`.
    func writePlaintext(_ buffer: ByteBuffer) -> Result<Void, TLSError> {
        var remaining = buffer
        while remaining.readableBytes > 0 {
            ERR_clear_error()
            let status = remaining.withUnsafeReadableBytes { bytes in
                SSL_write(self.ssl, bytes.baseAddress, Int32(min(bytes.count, Int(Int32.max))))
            }
            guard status > 0 else {
                return .failure(self.connectionError(.writeFailed))
            }
            remaining.moveReaderIndex(forwardBy: Int(status))
        }
        return .success(())
    }

    /// Queues our close_notify, or completes the exchange if the peer's has arrived.
    func shutdown() -> ShutdownResult {
        ERR_clear_error()
        let status = SSL_shutdown(self.ssl)
        switch status {
        case 1:
            return .complete
        case 0:
            return .sent
        default:
            return .failed(self.connectionError(.writeFailed))
        }
    }

    /// Stores why the verify callback refused the peer; the first reason wins.
    func recordVerificationFailure(_ error: TLSError) {
        if self.verificationFailure == nil {
            self.verificationFailure = error
        }
    }

    /// On the dialling side, refuses a peer that is not the node we meant to reach.
    func checkExpectedPeer(_ identity: PeerIdentity) throws {
        guard case .client(let expected) = self.role, identity.nodeID != expected else { return }
        throw TLSError(
            .unexpectedPeerIdentity,
            reason: "expected node \"\(expected)\" but the certificate names \"\(identity.nodeID)\""
        )
    }

    /// The identity of a peer whose certificate OpenSSL has verified, re-checked against our own policy.
    ///
    /// The verify callback already did these checks; repeating them after the handshake means a change in
    /// OpenSSL's callback behaviour can never let an unchecked peer through.
    private func verifiedPeerIdentity() throws -> PeerIdentity {
        guard let peer = SSL_get1_peer_certificate(self.ssl) else {
            throw TLSError(.noPeerCertificate, reason: "peer completed the handshake without a certificate")
        }
        let certificate = X509Certificate(taking: peer)
        let verifyResult = SSL_get_verify_result(self.ssl)
        guard verifyResult == X509_V_OK else {
            throw Self.verificationError(code: Int32(verifyResult), depth: 0)
        }
        try self.context.checkNotRevoked(certificate, depth: 0)
        let identity = try PeerIdentity(certificate: certificate)
        try self.checkExpectedPeer(identity)
        return identity
    }
}
