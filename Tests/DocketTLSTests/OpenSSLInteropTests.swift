import DocketTLS
import Foundation
import NIOCore
import Testing

/// Docket's transport against the `openssl` command-line client and server: peers nobody here wrote.
@Suite struct OpenSSLInteropTests {
    let pki: TestPKI
    let server: TLSContext

    init() throws {
        self.pki = try TestPKI()
        self.server = try self.pki.context("node-b")
    }

    private func sClient(port: Int, certificate: NodeCertificate?, extra: [String] = [], stdin: String? = nil) throws
        -> OpenSSLProcess
    {
        var arguments = [
            "s_client", "-connect", "127.0.0.1:\(port)", "-CAfile", self.pki.authority.certificatePath,
            "-verify_return_error", "-quiet", "-nocommands",
        ]
        if let certificate {
            arguments += ["-cert", certificate.certificatePath, "-key", certificate.privateKeyPath]
        }
        return try OpenSSLProcess(arguments + extra, stdinPath: stdin, workDirectory: self.pki.root.path)
    }

    @Test func sClientWithValidCertificateExchangesOneMebibyteEachWay() async throws {
        let upload = randomBytes(1 << 20)
        let download = randomBytes(1 << 20)
        let uploadPath = pki.path("upload.bin")
        try Data(upload).write(to: URL(fileURLWithPath: uploadPath))
        // The listener waits for the whole upload, answers with the download, then closes with close_notify.
        let listener = try await TestListener.start(context: self.server, expectedBytes: upload.count, reply: download)
        defer { Task { await listener.stop() } }

        let client = try self.sClient(
            port: listener.port,
            certificate: try pki.issue("node-a"),
            extra: ["-tls1_3"],
            stdin: uploadPath
        )
        #expect(try await listener.log.handshakePeer().nodeID == "node-a")
        let received = try await listener.log.payloads(timeout: .seconds(30))[0]
        #expect(sha256Hex(received) == sha256Hex(upload))
        let status = await client.wait(timeout: .seconds(30))
        #expect(status == 0, "s_client: \(client.stderr)")
        #expect(sha256Hex(client.stdout) == sha256Hex(download))
        // s_client saw our close_notify, so the close was clean on our side as well.
        #expect(listener.log.tlsErrors.isEmpty)
    }

    @Test func sClientWithoutCertificateIsRefused() async throws {
        let listener = try await TestListener.start(context: self.server, reply: [])
        defer { Task { await listener.stop() } }
        let client = try self.sClient(port: listener.port, certificate: nil)
        let error = try await listener.log.firstTLSError()
        #expect(error.code == .noPeerCertificate)
        #expect(error.reason.contains("peer did not return a certificate"))
        _ = await client.wait()
        #expect(client.stderr.contains("certificate required"), "s_client: \(client.stderr)")
        #expect(client.stdout.isEmpty)
    }

    @Test func sClientWithForeignCertificateIsRefused() async throws {
        // A CA and certificate made by the openssl tool itself, not by Docket's code.
        let directory = pki.path("foreign")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let (status, output) = try await runOpenSSL(
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "\(directory)/key.pem", "-out", "\(directory)/cert.pem", "-subj", "/CN=node-a", "-days", "1",
            ],
            in: pki.root.path
        )
        #expect(status == 0, "\(output)")
        let listener = try await TestListener.start(context: self.server)
        defer { Task { await listener.stop() } }
        let client = try OpenSSLProcess(
            [
                "s_client", "-connect", "127.0.0.1:\(listener.port)", "-CAfile", pki.authority.certificatePath,
                "-cert", "\(directory)/cert.pem", "-key", "\(directory)/key.pem", "-quiet", "-nocommands",
            ],
            workDirectory: pki.root.path
        )
        #expect(try await listener.log.firstTLSError().code == .unknownCertificateAuthority)
        _ = await client.wait()
        #expect(client.stderr.contains("unknown ca"), "s_client: \(client.stderr)")
    }

    @Test func certificateMadeByTheOpenSSLToolIsIdentifiedByItsSAN() async throws {
        // A node certificate requested and signed with the openssl tool, with no CN: the node id must come
        // from the DNS subject alternative name.
        let directory = pki.path("tool-made")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let request = try await runOpenSSL(
            [
                "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "\(directory)/key.pem", "-out", "\(directory)/req.csr", "-subj", "/O=Example Branch",
            ],
            in: pki.root.path
        )
        #expect(request.status == 0, "\(request.output)")
        try "subjectAltName=DNS:node-z\nextendedKeyUsage=clientAuth\n"
            .write(toFile: "\(directory)/ext.cnf", atomically: true, encoding: .utf8)
        let sign = try await runOpenSSL(
            [
                "x509", "-req", "-in", "\(directory)/req.csr", "-CA", pki.authority.certificatePath,
                "-CAkey", pki.authority.privateKeyPath, "-CAcreateserial", "-days", "1",
                "-extfile", "\(directory)/ext.cnf", "-out", "\(directory)/cert.pem",
            ],
            in: pki.root.path
        )
        #expect(sign.status == 0, "\(sign.output)")

        let listener = try await TestListener.start(context: self.server)
        defer { Task { await listener.stop() } }
        let client = try OpenSSLProcess(
            [
                "s_client", "-connect", "127.0.0.1:\(listener.port)", "-CAfile", pki.authority.certificatePath,
                "-cert", "\(directory)/cert.pem", "-key", "\(directory)/key.pem", "-quiet", "-nocommands",
            ],
            keepStdinOpen: true,
            workDirectory: pki.root.path
        )
        defer { client.stop() }
        #expect(try await listener.log.handshakePeer().nodeID == "node-z")
    }

    @Test func sClientOfferingOnlyTLS12IsRefused() async throws {
        let listener = try await TestListener.start(context: self.server)
        defer { Task { await listener.stop() } }
        let client = try self.sClient(port: listener.port, certificate: try pki.issue("node-a"), extra: ["-tls1_2"])
        #expect(try await listener.log.firstTLSError().code == .protocolVersionRejected)
        let status = await client.wait()
        #expect(status != 0)
    }

    private func sServer(_ versionFlag: String, certificate: NodeCertificate) async throws -> (OpenSSLProcess, Int) {
        let server = try OpenSSLProcess(
            [
                "s_server", "-accept", "127.0.0.1:0", versionFlag, "-Verify", "1", "-verify_return_error",
                "-CAfile", pki.authority.certificatePath,
                "-cert", certificate.certificatePath, "-key", certificate.privateKeyPath, "-naccept", "1",
            ],
            keepStdinOpen: true,
            workDirectory: pki.root.path
        )
        let output = try await server.waitForOutput(containing: "ACCEPT")
        let line = output.split(separator: "\n").first { $0.hasPrefix("ACCEPT") }!
        let port = Int(line.split(separator: ":").last!.trimmingCharacters(in: .whitespaces))!
        return (server, port)
    }

    @Test func diallerCompletesHandshakeWithSServerRequiringClientCertificates() async throws {
        let (server, port) = try await self.sServer("-tls1_3", certificate: try pki.issue("hq"))
        defer { server.stop() }
        let connected = try await dial(
            port: port,
            expectedPeer: "hq",
            context: try pki.context("node-a"),
            log: EventLog()
        )
        #expect(connected.peer.nodeID == "hq")
        try await connected.channel.writeAndFlush(ByteBuffer(string: "hello from docket\n"))
        // s_server prints what it receives, so the line shows that s_server accepted our certificate.
        let output = try await server.waitForOutput(containing: "hello from docket")
        #expect(output.contains("subject=CN = node-a"))
        try await connected.channel.close()
    }

    @Test func diallerFailsAgainstTLS12OnlySServer() async throws {
        let (server, port) = try await self.sServer("-tls1_2", certificate: try pki.issue("hq"))
        defer { server.stop() }
        let error = await tlsError {
            try await dial(port: port, expectedPeer: "hq", context: try pki.context("node-a"), log: EventLog())
        }
        #expect(error?.code == .protocolVersionRejected)
        #expect(error?.reason.contains("protocol version") == true)
    }
}
