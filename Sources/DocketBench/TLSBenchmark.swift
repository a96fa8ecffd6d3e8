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
        let loopback = try TLSLoopback(workDirectory: workDirectory)

        // Warm up code paths and allocators before measuring.
        for _ in 0..<20 { try loopback.dial().close().wait() }
        let handshakeSeconds = try Self.measureHandshakes(handshakes, over: loopback)
        let throughputSeconds = try Self.measureThroughput(megabytes: megabytes, over: loopback)
        try loopback.close()

        print("Docket TLS transport, loopback 127.0.0.1, TLS 1.3, mutual authentication, ECDSA P-256")
        print(
            String(
                format: "throughput: %.1f MB/s (%d MB in %.2f s, one connection)",
                Double(megabytes) / throughputSeconds, megabytes, throughputSeconds))
        print(
            String(
                format: "handshakes: %.0f per second (%d sequential connections in %.2f s)",
                Double(handshakes) / handshakeSeconds, handshakes, handshakeSeconds))
    }

    /// One connection at a time, each a full TLS 1.3 handshake with mutual authentication (the context
    /// disables resumption), closed with close_notify before the next starts.
    static func measureHandshakes(_ count: Int, over loopback: TLSLoopback) throws -> Double {
        let start = DispatchTime.now()
        for _ in 0..<count {
            try loopback.dial().close().wait()
        }
        return Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    /// One connection, 16 KiB writes (one TLS record each) while the channel is writable.
    static func measureThroughput(megabytes: Int, over loopback: TLSLoopback) throws -> Double {
        let total = megabytes * 1_000_000
        let bulk = try loopback.dial()
        let done = loopback.sink.expect(bytes: total, on: bulk.eventLoop)
        let start = DispatchTime.now()
        try bulk.pipeline.addHandler(BulkWriter(total: total)).wait()
        try done.wait()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        try bulk.close().wait()
        return seconds
    }
}

/// A TLS listener that swallows what it receives, and a client context that dials it, both with
/// certificates from a fresh CA.
struct TLSLoopback {
    let sink = ByteSink()
    let group: MultiThreadedEventLoopGroup
    let listener: Channel
    let clientContext: TLSContext

    init(workDirectory: URL) throws {
        let authority = try CertificateAuthority.create(
            in: workDirectory.appendingPathComponent("ca").path, name: "Bench CA")
        let serverNode = try authority.issueNodeCertificate(
            nodeID: "bench-server", in: workDirectory.appendingPathComponent("server").path)
        let clientNode = try authority.issueNodeCertificate(
            nodeID: "bench-client", in: workDirectory.appendingPathComponent("client").path)
        let serverContext = try TLSContext(configuration: serverNode.tlsConfiguration())
        self.clientContext = try TLSContext(configuration: clientNode.tlsConfiguration())
        // Two event loops: like the daemon on this 2-core machine, and like openssl's client and server processes.
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let sink = self.sink
        self.listener = try TLSBootstrap.listen(host: "127.0.0.1", port: 0, context: serverContext, group: self.group) {
            channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(SinkHandler(sink: sink))
            }
        }.wait()
    }

    func dial() throws -> Channel {
        try TLSBootstrap.dial(
            host: "127.0.0.1", port: self.listener.localAddress!.port!, expectedPeer: "bench-server",
            context: self.clientContext, group: self.group
        ).wait().channel
    }

    func close() throws {
        try self.listener.close().wait()
        try self.group.syncShutdownGracefully()
    }
}
