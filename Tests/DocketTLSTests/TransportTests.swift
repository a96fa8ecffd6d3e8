import DocketTLS
import Foundation
import NIOCore
import NIOPosix
import Testing

/// Docket talking to Docket over loopback: payload integrity, hostile clients, rotation.
@Suite struct TransportTests {
    let pki: TestPKI

    init() throws {
        self.pki = try TestPKI()
    }

    @Test func oneMebibyteEachWayArrivesIntact() async throws {
        let upload = randomBytes(1 << 20)
        let download = randomBytes(1 << 20)
        let listener = try await TestListener.start(
            context: try pki.context("node-b"),
            expectedBytes: upload.count,
            reply: download
        )
        defer { Task { await listener.stop() } }
        let clientLog = EventLog()
        let connected = try await dial(
            port: listener.port,
            expectedPeer: "node-b",
            context: try pki.context("node-a"),
            log: clientLog,
            expectedBytes: download.count
        )
        // Many small writes, so records and TCP segments do not line up with the application's writes.
        for offset in stride(from: 0, to: upload.count, by: 10_000) {
            let chunk = upload[offset..<min(offset + 10_000, upload.count)]
            connected.channel.write(ByteBuffer(bytes: chunk), promise: nil)
        }
        connected.channel.flush()

        let received = try await listener.log.payloads(timeout: .seconds(30))[0]
        #expect(sha256Hex(received) == sha256Hex(upload))
        let returned = try await clientLog.payloads(timeout: .seconds(30))[0]
        #expect(sha256Hex(returned) == sha256Hex(download))
        // The server closed with close_notify; the client answered and closed without error.
        try await waitFor(connected.channel.closeFuture)
        #expect(clientLog.tlsErrors.isEmpty)
        #expect(listener.log.tlsErrors.isEmpty)
    }

    @Test func plaintextAndRandomClientsAreCutOffWithoutDisturbingAGoodOne() async throws {
        let payload = randomBytes(256 * 1024)
        // The timeout is the backstop for random bytes that happen to look like the start of a record.
        let server = try pki.context("node-b", handshakeTimeout: .seconds(2))
        let listener = try await TestListener.start(
            context: server,
            expectedBytes: payload.count,
            reply: Array("ok".utf8)
        )
        defer { Task { await listener.stop() } }

        let group = MultiThreadedEventLoopGroup.singleton
        let plaintext = try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: listener.port).get()
        let garbage = try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: listener.port).get()
        let clientLog = EventLog()
        let good = try await dial(
            port: listener.port,
            expectedPeer: "node-b",
            context: try pki.context("node-a"),
            log: clientLog,
            expectedBytes: 2
        )

        plaintext.writeAndFlush(ByteBuffer(string: "HELLO node-b, plain text here\r\n"), promise: nil)
        garbage.writeAndFlush(ByteBuffer(bytes: randomBytes(4096)), promise: nil)
        good.channel.writeAndFlush(ByteBuffer(bytes: payload), promise: nil)

        try await waitFor(plaintext.closeFuture)
        try await waitFor(garbage.closeFuture)
        let received = try await listener.log.payloads(timeout: .seconds(30))[0]
        #expect(sha256Hex(received) == sha256Hex(payload))
        #expect(try await clientLog.payloads()[0] == Array("ok".utf8))
        let errors = try await listener.log.wait("two refusals") { _ in
            listener.log.tlsErrors.count >= 2 ? listener.log.tlsErrors : nil
        }
        let accepted: Set<TLSError.Code> = [.handshakeFailed, .protocolVersionRejected, .handshakeTimeout]
        #expect(errors.allSatisfy { accepted.contains($0.code) }, "\(errors)")
        // The listener itself is unaffected and still accepts.
        let again = try await dial(
            port: listener.port,
            expectedPeer: "node-b",
            context: try pki.context("node-c"),
            log: EventLog()
        )
        #expect(again.peer.nodeID == "node-b")
        try await again.channel.close()
    }

    @Test func rotatedCertificateKeepsTheNodesIdentity() async throws {
        let directory = pki.path("nodes/node-b")
        let original = try pki.issue("node-b", directory: directory)
        let oldFingerprint = try CertificateFingerprint.sha256(ofPEMFile: original.certificatePath)
        let oldKey = try String(contentsOfFile: original.privateKeyPath, encoding: .utf8)
        // The dialler's context is built once and never touched again.
        let dialler = try pki.context("node-a")

        let before = try await TestListener.start(context: try pki.context(for: original))
        let first = try await dial(port: before.port, expectedPeer: "node-b", context: dialler, log: EventLog())
        try await first.channel.close()
        await before.stop()

        // Rotation: a new key and certificate, same node id, same CA, same paths.
        let rotated = try pki.issue("node-b", directory: directory)
        #expect(try String(contentsOfFile: rotated.privateKeyPath, encoding: .utf8) != oldKey)
        let after = try await TestListener.start(context: try pki.context(for: rotated))
        defer { Task { await after.stop() } }
        let second = try await dial(port: after.port, expectedPeer: "node-b", context: dialler, log: EventLog())
        #expect(second.peer.nodeID == first.peer.nodeID)
        #expect(second.peer.certificateFingerprint != oldFingerprint)
        #expect(first.peer.certificateFingerprint == oldFingerprint)
        try await second.channel.close()

        // Revoking the old certificate afterwards does not touch the new one.
        let strict = try pki.context("node-a", revoked: [oldFingerprint])
        let third = try await dial(port: after.port, expectedPeer: "node-b", context: strict, log: EventLog())
        #expect(third.peer.nodeID == "node-b")
        try await third.channel.close()
    }
}
