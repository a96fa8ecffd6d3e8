import DocketTestSupport
import Foundation
import Testing

/// Two nodes set up with one office code would both write `SH01-000001`: the handshake refuses the pair,
/// naming both nodes, directly or through a headquarters that already holds the other's cases.
@Suite(.serialized) struct OfficeClashTests {
    /// Creates `node`'s replica under `office` before it is served.
    static func initialise(_ node: TestNode, office: String) throws {
        try node.cli.ok(["init", "--node", node.id, "--office", office])
    }

    static func lastError(of node: TestNode, about peer: String) throws -> String? {
        let peers = try #require(try node.cli.json(["peers"]) as? [[String: Any]])
        return peers.first { $0["node"] as? String == peer }?["lastError"] as? String
    }

    @Test func aPeerAnnouncingThisNodesOfficeCodeIsRefusedWhileAGoodBranchKeepsSyncing() throws {
        let cluster = try TestCluster()
        let hq = try cluster.add("hq")
        try Self.initialise(hq, office: "SH01")
        try hq.start()
        let clone = try cluster.add("sh-pudong")
        try Self.initialise(clone, office: "SH01")
        clone.peers = [("hq", hq.port!)]
        try clone.start()
        let good = try cluster.add("bj-chaoyang")
        try Self.initialise(good, office: "BJ01")
        good.peers = [("hq", hq.port!)]
        try good.start()
        try clone.cli.ok(["customer", "add", "--name", "张伟"])
        let cloneDigest = try hq.digest()

        var error: String?
        #expect(try cluster.wait { error = try Self.lastError(of: clone, about: "hq"); return error != nil }, "\(cluster.logs)")
        #expect(error?.contains("office code SH01 is used by both") == true, "\(error ?? "")")
        #expect(error?.contains("hq") == true && error?.contains("sh-pudong") == true, "\(error ?? "")")
        #expect(cluster.wait { hq.log.contains("office code SH01 is used by both hq and sh-pudong") }, "\(hq.log)")

        try good.cli.ok(["customer", "add", "--name", "李建国", "--tier", "vip"])
        #expect(try cluster.waitUntilConverged([hq, good]), "\(cluster.logs)")
        #expect(try !hq.cli.ok(["customer", "list"]).contains("张伟"), "nothing of the clashing node was taken")
        #expect(try hq.digest() != cloneDigest, "headquarters moved on with the good branch only")
    }

    @Test func headquartersRefusesASecondNodeUsingAnOfficeCodeItAlreadyHoldsCasesOf() throws {
        let cluster = try TestCluster()
        let hq = try cluster.add("hq")
        try Self.initialise(hq, office: "HQ01")
        try hq.start()
        let pudong = try cluster.add("sh-pudong")
        try Self.initialise(pudong, office: "SH01")
        pudong.peers = [("hq", hq.port!)]
        try pudong.start()
        try pudong.cli.ok(["customer", "add", "--name", "张伟"])
        try ClusterTests.openCase(at: pudong, customer: "cust-sh-pudong-1", summary: "空调维修后仍然漏水")
        #expect(try cluster.waitUntilConverged([hq, pudong]), "\(cluster.logs)")
        let settled = try hq.digest()

        // A second Shanghai node, set up with the same code, never meets sh-pudong: headquarters knows.
        let jingan = try cluster.add("sh-jingan")
        try Self.initialise(jingan, office: "SH01")
        jingan.peers = [("hq", hq.port!)]
        try jingan.start()
        try jingan.cli.ok(["customer", "add", "--name", "王芳"])
        var error: String?
        #expect(try cluster.wait { error = try Self.lastError(of: jingan, about: "hq"); return error != nil }, "\(cluster.logs)")
        #expect(error?.contains("office code SH01 is used by both sh-pudong and sh-jingan") == true, "\(error ?? "")")
        #expect(try hq.digest() == settled, "headquarters took nothing from the clashing node")
        #expect(try pudong.digest() == settled)
    }

    @Test func twoFreshBranchesWithOneCodeCannotBothJoinHeadquarters() throws {
        let cluster = try TestCluster()
        let hq = try cluster.add("hq")
        try Self.initialise(hq, office: "HQ01")
        try hq.start()
        let first = try cluster.add("sh-pudong")
        try Self.initialise(first, office: "SH01")
        first.peers = [("hq", hq.port!)]
        try first.start()
        #expect(try cluster.wait { try Self.connected(first, to: "hq") }, "\(cluster.logs)")

        // Neither has written a case yet: headquarters remembers the code the first one announced.
        let second = try cluster.add("sh-jingan")
        try Self.initialise(second, office: "SH01")
        second.peers = [("hq", hq.port!)]
        try second.start()
        var error: String?
        #expect(try cluster.wait { error = try Self.lastError(of: second, about: "hq"); return error != nil }, "\(cluster.logs)")
        #expect(error?.contains("office code SH01 is used by both sh-pudong and sh-jingan") == true, "\(error ?? "")")
        #expect(try Self.connected(first, to: "hq"), "the first branch keeps its link")
    }

    static func connected(_ node: TestNode, to peer: String) throws -> Bool {
        let peers = try #require(try node.cli.json(["peers"]) as? [[String: Any]])
        return peers.first { $0["node"] as? String == peer }?["connected"] as? Bool == true
    }
}
