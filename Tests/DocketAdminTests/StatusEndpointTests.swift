import DocketAdmin
import DocketSync
import DocketTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The admin endpoint of a real daemon, read the way `docket status` and Prometheus read it.
@Suite(.serialized) struct StatusEndpointTests {
    static func status(_ node: TestNode) async throws -> StatusReport {
        let reply = try await AdminClient.get("/status", socketPath: node.adminSocket)
        #expect(reply.status == 200)
        return try StatusReport.decode(reply.body)
    }

    static func metrics(_ node: TestNode) async throws -> String {
        String(decoding: try await AdminClient.get("/metrics", socketPath: node.adminSocket).body, as: UTF8.self)
    }

    /// Polls the status until `condition` holds. - Returns: the last report.
    static func waitForStatus(
        _ node: TestNode, timeout: Double = 20, until condition: (StatusReport) -> Bool
    ) async throws -> StatusReport {
        let deadline = Date().addingTimeInterval(timeout)
        var report = try await Self.status(node)
        while !condition(report) && Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
            report = try await Self.status(node)
        }
        return report
    }

    @Test func figuresFollowAPeerThatConnectsFallsBehindCatchesUpAndDisconnects() async throws {
        let cluster = try TestCluster()
        let hq = try cluster.add("hq")
        try hq.start()
        var report = try await Self.waitForStatus(hq) { $0.daemon.running }
        #expect(report.node == "hq")
        #expect(report.peers.isEmpty)
        #expect(try await Self.metrics(hq).contains("docket_peers_connected 0\n"))

        let link = try FaultyProxy(targetPort: hq.port!)
        defer { link.shutdown() }
        let branch = try cluster.add("sh-pudong")
        branch.peers = [("hq", link.port)]
        try branch.start()

        // Connects.
        report = try await Self.waitForStatus(hq) { $0.peers.first?.connected == true }
        #expect(report.peers.map(\.node) == ["sh-pudong"])
        #expect(report.peers.first?.connectedSince != nil)
        var metrics = try await Self.metrics(hq)
        #expect(metrics.contains("docket_peers_connected 1\n"))
        #expect(metrics.contains("docket_peer_connected{peer=\"sh-pudong\"} 1\n"))

        // Falls behind: the link crawls while headquarters writes.
        link.degrade(delay: 1500...1500, cut: 0)
        for index in 1...5 {
            try hq.cli.ok(["customer", "add", "--name", "总部客户\(index)"])
        }
        report = try await Self.waitForStatus(hq) { ($0.peers.first?.peerIsBehind ?? 0) > 0 }
        #expect((report.peers.first?.peerIsBehind ?? 0) > 0, "\(cluster.logs)")
        metrics = try await Self.metrics(hq)
        #expect(metrics.contains("docket_peer_lag_operations{peer=\"sh-pudong\",direction=\"peer_behind\"}"))
        #expect(!metrics.contains("docket_peer_lag_operations{peer=\"sh-pudong\",direction=\"peer_behind\"} 0\n"))

        // Catches up once the link is fast again.
        link.degrade(delay: 0...0, cut: 0)
        report = try await Self.waitForStatus(hq, timeout: 30) { ($0.peers.first?.peerIsBehind ?? 1) == 0 && $0.counts.operations == 5 }
        let peer = try #require(report.peers.first)
        #expect(peer.peerIsBehind == 0 && peer.localIsBehind == 0)
        #expect(peer.operationsSent >= 5)
        #expect(peer.lastSyncAt != nil)
        #expect((report.metrics?.syncDurationCount ?? 0) >= 1)
        metrics = try await Self.metrics(hq)
        #expect(metrics.contains("docket_peer_lag_operations{peer=\"sh-pudong\",direction=\"peer_behind\"} 0\n"))
        #expect(metrics.contains("# TYPE docket_sync_duration_seconds histogram"))
        #expect(metrics.contains("docket_operations 5\n"))

        // Disconnects.
        branch.stop()
        report = try await Self.waitForStatus(hq) { $0.peers.first?.connected == false }
        #expect(report.peers.first?.connected == false)
        #expect(try await Self.metrics(hq).contains("docket_peers_connected 0\n"))
    }

    @Test func handshakeFailuresAreCounted() async throws {
        let cluster = try TestCluster()
        let hq = try cluster.add("hq")
        try hq.start()
        // A plaintext client fails the handshake.
        let socket = try DocketProcess.run(
            ["-c", "printf 'GET / HTTP/1.0\\r\\n\\r\\n' > /dev/tcp/127.0.0.1/\(hq.port!)"], environment: [:],
            executable: URL(fileURLWithPath: "/bin/bash"))
        #expect(socket.status == 0)
        let report = try await Self.waitForStatus(hq) { ($0.metrics?.handshakeFailures ?? 0) >= 1 }
        #expect(report.metrics?.handshakeFailures == 1)
        #expect(try await Self.metrics(hq).contains("docket_tls_handshake_failures_total 1\n"))
    }

    @Test func prometheusCanScrapeTheLoopbackPort() async throws {
        let cluster = try TestCluster()
        let hq = try cluster.add("hq")
        try hq.start()
        let portFile = hq.directory.appendingPathComponent("admin-port")
        #expect(cluster.wait { FileManager.default.fileExists(atPath: portFile.path) })
        let port = try String(contentsOf: portFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let (body, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/metrics")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect((response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
        #expect(String(decoding: body, as: UTF8.self).contains("docket_up 1\n"))
        let (_, missing) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/nothing")!)
        #expect((missing as? HTTPURLResponse)?.statusCode == 404)
    }
}
