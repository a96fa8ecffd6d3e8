import DocketAdmin
import DocketCore
import DocketTLS
import DocketTestSupport
import DocketWire
import Foundation
import NIOCore
import Testing

/// Through the real protocol: an operation dated absurdly far ahead is accepted without dragging the
/// daemon's clock, one numbered beyond what a replica stores is refused as malformed, and either way the
/// daemon keeps serving, keeps accepting local writes and keeps syncing with a well-behaved branch.
@Suite(.serialized) struct HostileTimestampPeerTests {
    @Test func absurdTimestampsAndUnstorableSeqsDoNotBreakTheDaemon() async throws {
        let fixture = try HostilePeerTests.Fixture()
        #expect(try fixture.cluster.waitUntilConverged([fixture.hq, fixture.good]))

        var absurd = fixture.operation("rogue", 1)
        absurd = ReplicatedOperation(
            dot: absurd.dot, record: absurd.record, clock: absurd.clock,
            timestamp: HLCTimestamp(millis: 1 << 62, counter: UInt32.max), author: absurd.author, changes: absurd.changes)
        // Signed by the rogue, its own origin: nothing is wrong with it but the date. Made before dialling,
        // so nothing delays the hello past the daemon's idle timeout.
        let batch = try fixture.signedByRogue([absurd])
        // Accepted: the connection stays open, so close it once headquarters holds the operation.
        let connected = try await TLSBootstrap.dial(
            host: "127.0.0.1", port: fixture.hq.port!, expectedPeer: "hq", context: fixture.intruder, group: fixture.group
        ).get()
        for message in [fixture.hello, .vector(VersionVector()), .operations(batch: 1, batch)] {
            try await connected.channel.writeAndFlush(try fixture.frame(message)).get()
        }
        #expect(fixture.cluster.wait { (try? fixture.hq.cli.ok(["vector"]))?.contains("rogue:1") == true }, "\(fixture.hq.log)")
        try? await connected.channel.close().get()

        // Refused: a seq no replica could store.
        try fixture.misbehave([
            try fixture.frame(fixture.hello), try fixture.frame(.vector(VersionVector())),
            try fixture.frame(.operations(
                batch: 1, try fixture.signedByRogue([fixture.operation("rogue", UInt64(Int64.max) + 1)]))),
        ])
        #expect(fixture.cluster.wait { fixture.hq.log.contains("out of range") }, "\(fixture.hq.log)")

        // Headquarters keeps writing, stamped within the bound, and reports the lead.
        try fixture.hq.cli.ok(["customer", "add", "--name", "吴芳"])
        let doctor = try fixture.hq.cli.ok(["doctor"])
        #expect(doctor.contains("office rogue writes timestamps"), "\(doctor)")
        let status = try #require(try fixture.hq.cli.json(["status"]) as? [String: Any])
        let leads = try #require(status["clockLeads"] as? [[String: Any]])
        #expect(leads.first?["office"] as? String == "rogue")
        let text = try fixture.hq.cli.ok(["status", "--json"])
        #expect(text.contains("\"beyondBound\" : true"))
        let metrics = String(
            decoding: try await AdminClient.get("/metrics", socketPath: fixture.hq.adminSocket).body, as: UTF8.self)
        #expect(metrics.contains("docket_clock_lead_seconds{origin=\"rogue\"} "), "\(metrics)")
        #expect(try fixture.goodPeerStillSyncs("郑敏"), "\(fixture.cluster.logs)")
    }
}
