import DocketTLS
import Foundation
import NIOCore
import NIOPosix

/// Loopback figures for Docket's TLS transport: bulk throughput over one connection and full handshakes
/// per second, both through `TLSBootstrap` and `TLSHandler` exactly as the daemon uses them.
enum TLSBenchmark {
    static let usage = "usage: docket-bench [tls] [--megabytes N] [--handshakes N]"

    static func run(arguments: ArraySlice<String>) throws {
        var megabytes = 512
        var handshakes = 1000
        var arguments = arguments
        while let flag = arguments.popFirst() {
            switch flag {
            case "--megabytes": megabytes = Int(arguments.popFirst() ?? "") ?? megabytes
            case "--handshakes": handshakes = Int(arguments.popFirst() ?? "") ?? handshakes
            default: BenchMain.usageError(Self.usage)
            }
        }

        let workDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("docket-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: workDirectory) }
        let authority = try CertificateAuthority.create(
            in: workDirectory.appendingPathComponent("ca").path, name: "Bench CA")
        let serverNode = try authority.issueNodeCertificate(
            nodeID: "bench-server",
            in: workDirectory.appendingPathComponent("server").path
        )
        let clientNode = try authority.issueNodeCertificate(
            nodeID: "bench-client",
            in: workDirectory.appendingPathComponent("client").path
        )
        let serverContext = try TLSContext(configuration: serverNode.tlsConfiguration())
        let clientContext = try TLSContext(configuration: clientNode.tlsConfiguration())

        // Two event loops: like the daemon on this 2-core machine, and like openssl's client and server processes.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let sink = ByteSink()
        let listener = try TLSBootstrap.listen(host: "127.0.0.1", port: 0, context: serverContext, group: group) {
            channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(SinkHandler(sink: sink))
            }
        }.wait()
        let port = listener.localAddress!.port!

        func dialServer() throws -> Channel {
            try TLSBootstrap.dial(
                host: "127.0.0.1",
                port: port,
                expectedPeer: "bench-server",
                context: clientContext,
                group: group
            ).wait().channel
        }

        // Warm up code paths and allocators before measuring.
        for _ in 0..<20 { try dialServer().close().wait() }

        // Handshakes: one connection at a time, each a full TLS 1.3 handshake with mutual authentication (the
        // context disables resumption), closed with close_notify before the next starts.
        let handshakeStart = DispatchTime.now()
        for _ in 0..<handshakes {
            try dialServer().close().wait()
        }
        let handshakeSeconds = Double(DispatchTime.now().uptimeNanoseconds - handshakeStart.uptimeNanoseconds) / 1e9

        // Throughput: one connection, 16 KiB writes (one TLS record each) while the channel is writable.
        let total = megabytes * 1_000_000
        let bulk = try dialServer()
        let done = sink.expect(bytes: total, on: bulk.eventLoop)
        let throughputStart = DispatchTime.now()
        try bulk.pipeline.addHandler(BulkWriter(total: total)).wait()
        try done.wait()
        let throughputSeconds = Double(DispatchTime.now().uptimeNanoseconds - throughputStart.uptimeNanoseconds) / 1e9
        try bulk.close().wait()
        try listener.close().wait()
        try group.syncShutdownGracefully()

        print("Docket TLS transport, loopback 127.0.0.1, TLS 1.3, mutual authentication, ECDSA P-256")
        print(
            String(
                format: "throughput: %.1f MB/s (%d MB in %.2f s, one connection)",
                Double(megabytes) / throughputSeconds,
                megabytes,
                throughputSeconds
            )
        )
        print(
            String(
                format: "handshakes: %.0f per second (%d sequential connections in %.2f s)",
                Double(handshakes) / handshakeSeconds,
                handshakes,
                handshakeSeconds
            )
        )
    }
}
