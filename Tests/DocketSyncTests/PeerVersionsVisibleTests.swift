import DocketAdmin
import DocketCore
import DocketSync
import DocketTLS
import DocketTestSupport
import DocketWire
import Foundation
import NIOCore
import Testing

/// Real daemons show each peer's Docket version, agreed protocol version and schema version in
/// `docket status`, `docket peers`, `/status` and `/metrics`; a peer too old to speak with is refused
/// with a reason that names it as the side to upgrade, in the log and in a refusal it can read.
@Suite(.serialized) struct PeerVersionsVisibleTests {
    static func metrics(_ node: TestNode) async throws -> String {
        String(decoding: try await AdminClient.get("/metrics", socketPath: node.adminSocket).body, as: UTF8.self)
    }

    static func peer(_ id: String, of node: TestNode) throws -> [String: Any]? {
        let peers = try node.cli.json(["peers"]) as? [[String: Any]]
        return peers?.first { $0["node"] as? String == id }
    }

    @Test func statusPeersAndMetricsShowEachPeersVersions() async throws {
        let cluster = try TestCluster()
        let (hq, branches) = try cluster.startHeadquarters(branches: ["sh-pudong"])
        let branch = branches[0]
        try branch.cli.ok(["customer", "add", "--name", "张伟"])
        #expect(try cluster.waitUntilConverged([hq, branch]), "\(cluster.logs)")
        #expect(try cluster.wait { try Self.peer("sh-pudong", of: hq)?["software"] != nil }, "\(cluster.logs)")
        let software = "docket \(DocketVersion.current)"

        for node in [hq, branch] {
            let other = node === hq ? "sh-pudong" : "hq"
            let status = try #require(try node.cli.json(["status"]) as? [String: Any])
            #expect(status["schemaVersion"] as? Int == Int(PeerSchema.schemaVersion))
            let listed = try #require((status["peers"] as? [[String: Any]])?.first { $0["node"] as? String == other })
            let peers = try #require(try Self.peer(other, of: node))
            for peer in [listed, peers] {
                #expect(peer["software"] as? String == software, "\(peer)")
                #expect(peer["protocolVersion"] as? Int == Int(ProtocolVersion.maximum), "\(peer)")
                #expect(peer["schemaVersion"] as? Int == Int(PeerSchema.schemaVersion), "\(peer)")
                #expect(peer["versionMismatch"] == nil, "\(peer)")
            }
            let metrics = try await Self.metrics(node)
            #expect(metrics.contains(
                "docket_peer_info{peer=\"\(other)\",version=\"\(DocketVersion.current)\",protocol=\"2\",schema=\"1\"} 1\n"),
                "\(metrics)")
            #expect(metrics.contains("docket_build_info{version=\"\(DocketVersion.current)\",schema=\"1\"} 1\n"), "\(metrics)")
            let table = try node.cli.ok(["peers"])
            #expect(table.contains("\(DocketVersion.current) (protocol 2, schema 1)"), "\(table)")
            #expect(try node.cli.ok(["status"]).contains("\(DocketVersion.current) (schema 1)"))
        }
        let report = try StatusReport.decode(try await AdminClient.get("/status", socketPath: hq.adminSocket).body)
        #expect(report.schemaVersion == PeerSchema.schemaVersion)
        #expect(report.peers.first { $0.node == "sh-pudong" }?.software == software)
    }

    @Test func aPeerSpeakingOnlyAnOlderProtocolIsToldToUpgrade() async throws {
        let fixture = try HostilePeerTests.Fixture()
        #expect(try fixture.cluster.waitUntilConverged([fixture.hq, fixture.good]))
        // A software string with what the metrics format must escape and a log line must not break on.
        let old = PeerMessage.hello(.init(
            minimumVersion: 1, maximumVersion: 1, node: try NodeID("rogue"), software: "docket 0.2.0-\"rc\\1\"\nX",
            office: "RG01", schema: 1))
        let received = try fixture.exchange([try fixture.frame(old)])

        // The old peer reads headquarters' hello (its range comes first) and then the refusal.
        guard received.count == 2, case .hello(let hello) = received[0], case .refusal(let refusal) = received[1] else {
            Issue.record("expected a hello and a refusal, got \(received)"); return
        }
        #expect((hello.minimumVersion, hello.maximumVersion, hello.schema)
            == (ProtocolVersion.minimum, ProtocolVersion.maximum, PeerSchema.schemaVersion))
        #expect(refusal.code == .versionMismatch)
        let expected = "no common protocol version: this node hq (docket \(DocketVersion.current)) speaks 2...2, "
            + "peer rogue (docket 0.2.0-\"rc\\1\"?X) speaks 1...1; upgrade rogue"
        #expect(refusal.reason == expected)
        #expect(fixture.cluster.wait { fixture.hq.log.contains("upgrade rogue") }, "\(fixture.hq.log)")

        let rogue = try #require(try Self.peer("rogue", of: fixture.hq))
        #expect(rogue["software"] as? String == "docket 0.2.0-\"rc\\1\"\nX")
        #expect(rogue["protocolVersion"] == nil)
        #expect(rogue["versionMismatch"] as? String == expected)
        #expect(try fixture.hq.cli.ok(["status"]).contains("UPGRADE"))
        #expect(try fixture.hq.cli.ok(["peers"]).contains("UPGRADE: \(expected)"))
        let metrics = try await Self.metrics(fixture.hq)
        #expect(metrics.contains(
            "docket_peer_info{peer=\"rogue\",version=\"0.2.0-\\\"rc\\\\1\\\"\\nX\",protocol=\"none\",schema=\"1\"} 1\n"),
            "\(metrics)")
        #expect(try fixture.goodPeerStillSyncs("李娜"), "\(fixture.cluster.logs)")
    }

    /// An office on a newer schema (the test schema 2) replicates like any other; each side's status says
    /// what the difference means there, and the metrics carry both schema versions.
    @Test func officesOnDifferentSchemasSayWhatThatMeans() async throws {
        let cluster = try TestCluster()
        let hq = try cluster.add("hq")
        try hq.start()
        let branch = try cluster.add("sh-pudong")
        branch.environment = ["DOCKET_TEST_SCHEMA": "2"]
        branch.peers = [("hq", hq.port!)]
        try branch.start()
        try branch.cli.ok(["customer", "add", "--name", "张伟"])
        #expect(try cluster.waitUntilConverged([hq, branch]), "\(cluster.logs)")
        #expect(try cluster.wait { try Self.peer("sh-pudong", of: hq)?["schemaVersion"] as? Int == 2 }, "\(cluster.logs)")
        #expect(try cluster.wait { try Self.peer("hq", of: branch)?["schemaVersion"] as? Int == 1 }, "\(cluster.logs)")

        #expect((try branch.cli.json(["status"]) as? [String: Any])?["schemaVersion"] as? Int == 2)
        let atHQ = try hq.cli.ok(["status"])
        #expect(atHQ.contains(
            "NEWER SCHEMA  sh-pudong writes schema 2, this node knows 1: its new fields show raw here until this node is upgraded"),
            "\(atHQ)")
        let atBranch = try branch.cli.ok(["peers"])
        #expect(atBranch.contains(
            "OLDER SCHEMA: hq knows schema 1, this node writes 2: this node's new fields show raw there until hq is upgraded"),
            "\(atBranch)")
        let metrics = try await Self.metrics(hq)
        #expect(metrics.contains("docket_peer_info{peer=\"sh-pudong\",version=\"\(DocketVersion.current)\",protocol=\"2\",schema=\"2\"} 1\n"))
        #expect(try await Self.metrics(branch).contains("docket_build_info{version=\"\(DocketVersion.current)\",schema=\"2\"} 1\n"))
        #expect(hq.log.contains("peer writes a newer schema than this node knows"), "\(hq.log)")
    }
}

extension HostilePeerTests.Fixture {
    /// Connects as `rogue`, sends `frames`, and collects what the daemon sends until `done` holds for it or
    /// the daemon closes the connection; then closes.
    func exchange(_ frames: [ByteBuffer], until done: ([PeerMessage]) -> Bool = { _ in false }) throws -> [PeerMessage] {
        let inbox = Inbox()
        let connected = try TLSBootstrap.dial(
            host: "127.0.0.1", port: self.hq.port!, expectedPeer: "hq", context: self.intruder, group: self.group,
            channelInitializer: { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(inbox) }
            }
        ).wait()
        for frame in frames {
            try? connected.channel.writeAndFlush(frame).wait()
        }
        let deadline = Date().addingTimeInterval(20)
        while connected.channel.isActive && !done(inbox.messages) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        try? connected.channel.close().wait()
        return inbox.messages
    }
}

/// Gathers the plaintext a peer sends and reads it as frames of peer messages.
final class Inbox: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    private let lock = NSLock()
    private var received = ByteBuffer()

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var chunk = self.unwrapInboundIn(data)
        self.lock.withLock { _ = self.received.writeBuffer(&chunk) }
    }

    /// Every whole frame so far, decoded; one that does not decode stops the list.
    var messages: [PeerMessage] {
        var bytes = self.lock.withLock { self.received }
        var messages: [PeerMessage] = []
        while let length = bytes.readInteger(as: UInt32.self), let payload = bytes.readSlice(length: Int(length)),
            let message = try? PeerMessage.decode(from: payload)
        {
            messages.append(message)
        }
        return messages
    }
}
