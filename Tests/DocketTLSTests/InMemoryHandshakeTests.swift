import CDocketOpenSSLShims
import NIOCore
import NIOEmbedded
import Testing

@testable import DocketTLS

/// Two `EmbeddedChannel`s joined by moving each one's outbound bytes into the other: deterministic, no sockets.
@Suite struct InMemoryHandshakeTests {
    final class Pair {
        let client = EmbeddedChannel()
        let server = EmbeddedChannel()
        let clientLog = EventLog()
        let serverLog = EventLog()
        let clientHandler: TLSHandler
        let serverHandler: TLSHandler

        init(client: TLSContext, server: TLSContext, expectedPeer: String) throws {
            self.clientHandler = TLSHandler(context: client, role: .client(expectedPeer: expectedPeer))
            self.serverHandler = TLSHandler(context: server, role: .server)
            try self.client.pipeline.syncOperations.addHandlers(
                self.clientHandler,
                RecordingHandler(log: self.clientLog)
            )
            try self.server.pipeline.syncOperations.addHandlers(
                self.serverHandler,
                RecordingHandler(log: self.serverLog)
            )
        }

        func connect() throws {
            let address = try SocketAddress(ipAddress: "127.0.0.1", port: 1)
            try self.server.connect(to: address).wait()
            try self.client.connect(to: address).wait()
            try self.interact()
        }

        /// Moves bytes both ways until neither side has anything left to send.
        func interact() throws {
            var moved = true
            while moved {
                moved = false
                while let bytes = try self.client.readOutbound(as: ByteBuffer.self) {
                    moved = true
                    if self.server.isActive { try self.server.writeInbound(bytes) }
                }
                while let bytes = try self.server.readOutbound(as: ByteBuffer.self) {
                    moved = true
                    if self.client.isActive { try self.client.writeInbound(bytes) }
                }
            }
        }

        func readAll(_ channel: EmbeddedChannel) throws -> [UInt8] {
            var bytes: [UInt8] = []
            while let buffer = try channel.readInbound(as: ByteBuffer.self) {
                bytes.append(contentsOf: buffer.readableBytesView)
            }
            return bytes
        }
    }

    @Test func handshakeSurfacesBothIdentitiesAndCarriesData() throws {
        let pki = try TestPKI()
        let pair = try Pair(
            client: try pki.context("node-a"),
            server: try pki.context("node-b"),
            expectedPeer: "node-b"
        )
        // Written before the handshake: held back, then delivered.
        pair.client.writeAndFlush(ByteBuffer(string: "early"), promise: nil)
        try pair.connect()

        #expect(try pair.clientHandler.peerIdentity.wait().nodeID == "node-b")
        #expect(try pair.serverHandler.peerIdentity.wait().nodeID == "node-a")
        guard case .handshake(let peer)? = pair.serverLog.snapshot.first else {
            Issue.record("server saw no handshake event first")
            return
        }
        #expect(peer.nodeID == "node-a")
        #expect(try pair.readAll(pair.server) == Array("early".utf8))

        pair.server.writeAndFlush(ByteBuffer(string: "reply"), promise: nil)
        try pair.interact()
        #expect(try pair.readAll(pair.client) == Array("reply".utf8))
    }

    @Test func closeExchangesCloseNotifyBothWays() throws {
        let pki = try TestPKI()
        let pair = try Pair(
            client: try pki.context("node-a"),
            server: try pki.context("node-b"),
            expectedPeer: "node-b"
        )
        try pair.connect()

        let closed = pair.client.close()
        // Our close_notify is on the wire, but we stay open until the peer answers.
        #expect(pair.client.isActive)
        try pair.interact()
        #expect(!pair.server.isActive)
        try pair.interact()
        try closed.wait()
        #expect(!pair.client.isActive)
        // A clean close is not an error on either side.
        #expect(pair.clientLog.tlsErrors.isEmpty)
        #expect(pair.serverLog.tlsErrors.isEmpty)
    }

    @Test func droppingTCPWithoutCloseNotifyIsReported() throws {
        let pki = try TestPKI()
        let pair = try Pair(
            client: try pki.context("node-a"),
            server: try pki.context("node-b"),
            expectedPeer: "node-b"
        )
        try pair.connect()
        pair.server.pipeline.fireChannelInactive()
        #expect(pair.serverLog.tlsErrors.map(\.code) == [.uncleanShutdown])
    }

    @Test func handshakeTimeoutClosesTheConnection() throws {
        let pki = try TestPKI()
        let server = EmbeddedChannel()
        let log = EventLog()
        try server.pipeline.syncOperations.addHandlers(
            TLSHandler(context: try pki.context("node-b", handshakeTimeout: .seconds(3)), role: .server),
            RecordingHandler(log: log)
        )
        try server.connect(to: try SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        server.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(server.isActive)
        server.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(log.tlsErrors.map(\.code) == [.handshakeTimeout])
        #expect(!server.isActive)
    }

    @Test func garbageFailsTheHandshakeWithOpenSSLsReason() throws {
        let pki = try TestPKI()
        let server = EmbeddedChannel()
        let log = EventLog()
        try server.pipeline.syncOperations.addHandlers(
            TLSHandler(context: try pki.context("node-b"), role: .server),
            RecordingHandler(log: log)
        )
        try server.connect(to: try SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        try server.writeInbound(ByteBuffer(string: "GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
        let errors = log.tlsErrors
        #expect(errors.map(\.code) == [.handshakeFailed])
        #expect(errors.first?.reason.contains("http request") == true)
        #expect(!server.isActive)
    }

    @Test func contextEnforcesTheFixedPolicy() throws {
        let pki = try TestPKI()
        let context = try pki.context("node-a")
        #expect(context.minimumProtocolVersion == TLS1_3_VERSION)
        #expect(context.maximumProtocolVersion == TLS1_3_VERSION)
        #expect(context.options & docket_SSL_OP_NO_RENEGOTIATION() != 0)
        #expect(context.options & docket_SSL_OP_NO_COMPRESSION() != 0)
        #expect(context.options & docket_SSL_OP_NO_TICKET() != 0)
        #expect(context.verifyMode == SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT)
        #expect(context.localIdentity.nodeID == "node-a")
    }
}
