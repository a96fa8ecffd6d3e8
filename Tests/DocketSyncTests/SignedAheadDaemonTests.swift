import DocketTestSupport
import Foundation
import Testing

/// Real daemons: the commit watch signs a new change ahead, wakes its sessions, and then stores the very
/// signature it sent (`Replica.signAhead`).
@Suite(.serialized) struct SignedAheadDaemonTests {
    /// The hex of the signature `node` stores of Pudong's chain at `seq`, if it stores one.
    static func signature(at seq: Int, in node: TestNode) throws -> String? {
        try SQLShell.rows(
            node.directory.appendingPathComponent("replica.sqlite").path,
            "SELECT hex(signature) AS signature FROM chain_signatures WHERE origin = 'sh-pudong' AND seq = \(seq)"
        ).first?["signature"] as? String
    }

    @Test(.enabled(if: SQLShell.isAvailable)) func theSignatureALocalChangeWasSentWithIsTheOneStored() throws {
        let cluster = try TestCluster()
        let (pudong, chaoyang) = try cluster.startMesh("sh-pudong", "bj-chaoyang")
        try pudong.cli.ok(["customer", "add", "--name", "张伟"])
        #expect(try cluster.waitUntilConverged([pudong, chaoyang]), "\(cluster.logs)")
        let sent = try #require(try Self.signature(at: 1, in: chaoyang))
        // Stored after the sessions were woken: it may trail the peer's copy by a moment.
        #expect(try cluster.wait(timeout: 10) { try Self.signature(at: 1, in: pudong) != nil }, "\(cluster.logs)")
        #expect(try Self.signature(at: 1, in: pudong) == sent)
    }
}
