import DocketTLS
import Foundation
import NIOCore
import NIOPosix
import Testing

/// Each refusal the transport promises, over real sockets on 127.0.0.1, asserting the specific error.
@Suite struct RefusalTests {
    let pki: TestPKI
    let server: TLSContext

    init() throws {
        self.pki = try TestPKI()
        self.server = try self.pki.context("node-b")
    }

    @Test func validPeersAreAcceptedAndNamed() async throws {
        let listener = try await TestListener.start(context: self.server)
        defer { Task { await listener.stop() } }
        let connected = try await dial(
            port: listener.port,
            expectedPeer: "node-b",
            context: try pki.context("node-a"),
            log: EventLog()
        )
        #expect(connected.peer.nodeID == "node-b")
        #expect(try await listener.log.handshakePeer().nodeID == "node-a")
        try await connected.channel.close()
    }

    @Test func clientFromAnotherCAIsRefused() async throws {
        let foreign = try TestPKI(caName: "Some Other CA")
        // The client trusts our CA (so it accepts the server) but holds a certificate from another one.
        var configuration = try foreign.issue("node-a").tlsConfiguration()
        configuration.caCertificatePath = self.pki.authority.certificatePath
        try await self.expectServerRefuses(
            client: try TLSContext(configuration: configuration),
            with: .unknownCertificateAuthority
        )
    }

    @Test func expiredClientCertificateIsRefused() async throws {
        let now = Date()
        let node = try pki.issue(
            "node-a",
            notBefore: now.addingTimeInterval(-20 * 86_400),
            notAfter: now.addingTimeInterval(-86_400)
        )
        try await self.expectServerRefuses(client: try pki.context(for: node), with: .certificateExpired)
    }

    @Test func notYetValidClientCertificateIsRefused() async throws {
        let now = Date()
        let node = try pki.issue(
            "node-a",
            notBefore: now.addingTimeInterval(86_400),
            notAfter: now.addingTimeInterval(20 * 86_400)
        )
        try await self.expectServerRefuses(client: try pki.context(for: node), with: .certificateNotYetValid)
    }

    @Test func revokedClientCertificateIsRefused() async throws {
        let node = try pki.issue("node-a")
        let fingerprint = try CertificateFingerprint.sha256(ofPEMFile: node.certificatePath)
        // Upper case with colons, as `openssl x509 -fingerprint` prints it, must match too.
        let opensslStyle = stride(from: 0, to: fingerprint.count, by: 2).map {
            let start = fingerprint.index(fingerprint.startIndex, offsetBy: $0)
            return fingerprint[start..<fingerprint.index(start, offsetBy: 2)].uppercased()
        }.joined(separator: ":")
        let server = try pki.context("node-b", revoked: [opensslStyle])
        let listener = try await TestListener.start(context: server)
        defer { Task { await listener.stop() } }
        let clientLog = EventLog()
        _ = try? await dial(
            port: listener.port,
            expectedPeer: "node-b",
            context: try pki.context(for: node),
            log: clientLog
        )
        let error = try await listener.log.firstTLSError()
        #expect(error.code == .certificateRevoked)
        #expect(error.reason.contains(fingerprint))
        // The client learns through the alert OpenSSL sent.
        let clientError = try await clientLog.firstTLSError()
        #expect(clientError.code == .rejectedByPeer)
        #expect(clientError.reason.contains("certificate revoked"))
    }

    @Test func revokedServerCertificateIsRefusedByTheDialler() async throws {
        let listener = try await TestListener.start(context: self.server)
        defer { Task { await listener.stop() } }
        let revoked = self.server.localIdentity.certificateFingerprint
        let client = try pki.context("node-a", revoked: [revoked])
        let error = await tlsError {
            try await dial(port: listener.port, expectedPeer: "node-b", context: client, log: EventLog())
        }
        #expect(error?.code == .certificateRevoked)
    }

    @Test func peerWithAnotherNodeIDIsRefusedByTheDialler() async throws {
        let listener = try await TestListener.start(context: self.server)
        defer { Task { await listener.stop() } }
        let error = await tlsError {
            try await dial(
                port: listener.port,
                expectedPeer: "node-x",
                context: try pki.context("node-a"),
                log: EventLog()
            )
        }
        #expect(error?.code == .unexpectedPeerIdentity)
        #expect(error?.reason.contains("node-x") == true)
        #expect(error?.reason.contains("node-b") == true)
        // The refusal happened during the handshake, so the listener never saw a connected peer. It reads
        // the dialler's alert, unless the dialler's close overtakes it (a reset discards unread data).
        let serverError = try await listener.log.firstTLSError()
        #expect([.rejectedByPeer, .closedDuringHandshake].contains(serverError.code), "\(serverError)")
        #expect(!listener.log.snapshot.contains { if case .handshake = $0 { true } else { false } })
    }

    @Test func expiredServerCertificateIsRefusedByTheDialler() async throws {
        let now = Date()
        let node = try pki.issue(
            "node-c",
            notBefore: now.addingTimeInterval(-20 * 86_400),
            notAfter: now.addingTimeInterval(-86_400)
        )
        let listener = try await TestListener.start(context: try pki.context(for: node))
        defer { Task { await listener.stop() } }
        let error = await tlsError {
            try await dial(
                port: listener.port,
                expectedPeer: "node-c",
                context: try pki.context("node-a"),
                log: EventLog()
            )
        }
        #expect(error?.code == .certificateExpired)
    }

    @Test func silentClientIsCutOffByTheHandshakeTimeout() async throws {
        let listener = try await TestListener.start(
            context: try pki.context("node-b", handshakeTimeout: .milliseconds(300))
        )
        defer { Task { await listener.stop() } }
        let plain = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: listener.port).get()
        try await waitFor(plain.closeFuture)
        #expect(try await listener.log.firstTLSError().code == .handshakeTimeout)
    }

    @Test func badConfigurationIsReportedWithOpenSSLsReason() throws {
        let a = try pki.issue("node-a")
        let b = try pki.issue("node-b")
        var mismatched = a.tlsConfiguration()
        mismatched.privateKeyPath = b.privateKeyPath
        #expect {
            try TLSContext(configuration: mismatched)
        } throws: { error in
            guard let error = error as? TLSError else { return false }
            return error.code == .configurationInvalid && error.reason.contains("key values mismatch")
        }
        // A fingerprint that is not a SHA-256 would silently revoke nothing, so it is refused.
        let typo = a.tlsConfiguration(revokedFingerprints: ["ab:cd:ef"])
        #expect {
            try TLSContext(configuration: typo)
        } throws: { ($0 as? TLSError)?.code == .configurationInvalid }
        var missing = a.tlsConfiguration()
        missing.caCertificatePath = pki.path("nowhere.crt")
        #expect(throws: TLSError.self) { try TLSContext(configuration: missing) }
    }

    /// Dials the shared server with `client` and expects the server to refuse with `code`.
    private func expectServerRefuses(client: TLSContext, with code: TLSError.Code) async throws {
        let listener = try await TestListener.start(context: self.server)
        defer { Task { await listener.stop() } }
        let clientLog = EventLog()
        // In TLS 1.3 the client may finish before the server has judged its certificate, so the dial itself
        // can succeed; the refusal then arrives as an alert and closes the connection.
        if let connected = try? await dial(port: listener.port, expectedPeer: "node-b", context: client, log: clientLog)
        {
            try await waitFor(connected.channel.closeFuture)
        }
        let error = try await listener.log.firstTLSError()
        #expect(error.code == code, "\(error)")
        #expect(!listener.log.snapshot.contains { if case .handshake = $0 { true } else { false } })
    }
}
