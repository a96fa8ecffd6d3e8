import DocketCore
import DocketStore
import DocketTestSupport
import Foundation
import Testing

@Suite(.serialized) struct KillDuringCatchUpTests {
    /// A daemon killed with SIGKILL halfway through catching up restarts, converges, and holds every
    /// operation exactly once.
    @Test func killedMidCatchUpConvergesWithNothingLostOrDuplicated() throws {
        let cluster = try TestCluster()
        let signing = try TestSigning(authority: cluster.authority, directory: cluster.root.url.appendingPathComponent("signing"))
        let (file, count) = try OperationsFixture.write(operations: 6_000, in: cluster.root.url, signing: signing)
        let source = try cluster.add("gz-tianhe")
        // Until it first starts, the node has no config: import with a certificate from the cluster's CA.
        try signing.configure(source.cli, as: "gz-tianhe")
        try source.cli.ok(["init", "--node", "gz-tianhe"])
        // The fixture was written by gz-tianhe and signed with its certificate: this replica takes those as
        // its own past operations.
        try source.cli.ok(["import", file.path])
        try source.start()

        let fresh = try cluster.add("sh-pudong")
        fresh.peers = [("gz-tianhe", source.port!)]
        try fresh.start()
        let database = fresh.directory.appendingPathComponent("replica.sqlite").path
        var held: UInt64 = 0
        #expect(cluster.wait(timeout: 30) {
            held = (try? Replica.open(at: database).vector()[NodeID("gz-tianhe")]) ?? 0
            return held > 0
        })
        fresh.stop(signal: SIGKILL)

        let replica = try Replica.open(at: database)
        let afterKill = try replica.vector()[try NodeID("gz-tianhe")]
        #expect(try replica.integrityCheck() == ["ok"])
        #expect(try replica.counts().operations == Int(afterKill), "the log holds exactly the vector's operations")
        print("killed after \(afterKill) of \(count) operations")

        try fresh.start()
        #expect(try cluster.waitUntilConverged([source, fresh], timeout: 60), "\(cluster.logs)")
        let final = try Replica.open(at: database)
        #expect(try final.vector()[try NodeID("gz-tianhe")] == UInt64(count))
        #expect(try final.counts().operations == count)
        #expect(try final.rebuild().isIdentical)
    }
}
