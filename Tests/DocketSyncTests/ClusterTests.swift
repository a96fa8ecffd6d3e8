import DocketTestSupport
import Foundation
import Testing

/// Real `docket serve` processes on 127.0.0.1, talking TLS with certificates from one test CA.
@Suite(.serialized) struct ClusterTests {
    /// Branches `sh-pudong` and `bj-chaoyang` dial headquarters `hq`: a chain A–HQ–B.
    static func chain() throws -> (TestCluster, TestNode, TestNode, TestNode) {
        let cluster = try TestCluster()
        let (hq, branches) = try cluster.startHeadquarters(branches: ["sh-pudong", "bj-chaoyang"])
        return (cluster, hq, branches[0], branches[1])
    }

    static func openCase(at node: TestNode, customer: String, summary: String) throws {
        try node.cli.ok([
            "case", "open", "--customer", customer, "--channel", "phone", "--category", "repair_quality",
            "--level", "L3", "--emotion", "angry", "--summary", summary, "--department", "客服中心", "--owner", "王磊",
        ])
    }

    @Test func aChainThroughHeadquartersConvergesLive() throws {
        let (cluster, hq, shanghai, beijing) = try Self.chain()
        try shanghai.cli.ok(["customer", "add", "--name", "张伟", "--tier", "gold"])
        try Self.openCase(at: shanghai, customer: "cust-sh-pudong-1", summary: "空调维修后仍然漏水")
        try beijing.cli.ok(["customer", "add", "--name", "李建国", "--salutation", "李总", "--tier", "vip"])
        #expect(try cluster.waitUntilConverged([hq, shanghai, beijing]), "\(cluster.logs)")
        // Beijing sees Shanghai's case only through headquarters: relayed.
        let listed = try beijing.cli.ok(["case", "list"])
        #expect(listed.contains("空调维修后仍然漏水"))
        #expect(try shanghai.cli.ok(["customer", "list"]).contains("李总"))
    }

    @Test func writesMadeWhileHeadquartersIsDownConvergeWhenItReturns() throws {
        let (cluster, hq, shanghai, beijing) = try Self.chain()
        try shanghai.cli.ok(["customer", "add", "--name", "张伟"])
        #expect(try cluster.waitUntilConverged([hq, shanghai, beijing]), "\(cluster.logs)")

        #expect(hq.stop() == 0, "graceful stop exits 0")
        for index in 1...5 {
            try Self.openCase(at: shanghai, customer: "cust-sh-pudong-1", summary: "上海离线工单\(index)")
            try Self.openCase(at: beijing, customer: "cust-sh-pudong-1", summary: "北京离线工单\(index)")
        }
        // Local writes keep working while the network is down.
        #expect(try beijing.cli.ok(["case", "list"]).contains("北京离线工单5"))
        try hq.start()
        #expect(try cluster.waitUntilConverged([hq, shanghai, beijing]), "\(cluster.logs)")
        #expect(try hq.cli.ok(["case", "list"]).contains("10 cases"))
    }

    @Test func concurrentHandoffsProduceTheSameConflictEverywhereAndOneResolutionSettlesIt() throws {
        let (cluster, hq, shanghai, beijing) = try Self.chain()
        try shanghai.cli.ok(["customer", "add", "--name", "张伟"])
        try Self.openCase(at: shanghai, customer: "cust-sh-pudong-1", summary: "维修后仍漏水")
        #expect(try cluster.waitUntilConverged([hq, shanghai, beijing]), "\(cluster.logs)")

        hq.stop()
        try shanghai.cli.ok([
            "case", "handoff", "SHPUDONG-000001", "--to-department", "技术支持部", "--to-owner", "李娜",
            "--reason", "需要工程师复检", "--background", "金卡客户", "--problem", "仍漏水", "--measures", "已致歉",
        ])
        try beijing.cli.ok([
            "case", "handoff", "SHPUDONG-000001", "--to-department", "财务部", "--to-owner", "刘洋",
            "--reason", "客户要求赔偿", "--background", "金卡客户", "--problem", "地板受损", "--measures", "已登记",
        ])
        try hq.start()
        #expect(try cluster.waitUntilConverged([hq, shanghai, beijing]), "\(cluster.logs)")

        for node in [hq, shanghai, beijing] {
            let conflicts = try #require(try node.cli.json(["conflicts"]) as? [[String: Any]])
            #expect(Set(conflicts.compactMap { $0["field"] as? String }) == ["department", "owner"])
            let view = try #require(try node.cli.json(["case", "show", "SHPUDONG-000001"]) as? [String: Any])
            let handoffs = (view["entries"] as? [[String: Any]])?.filter { $0["kind"] as? String == "handoff" }
            #expect(handoffs?.count == 2, "both handoffs are kept at \(node.id)")
        }
        let department = try #require(try beijing.cli.json(["conflicts", "show", "SHPUDONG-000001"]) as? [[String: Any]])
            .first { $0["field"] as? String == "department" }
        let values = (department?["values"] as? [[String: Any]])?.compactMap { $0["value"] as? String }
        let pick = (values?.firstIndex(of: "技术支持部") ?? 0) + 1
        try beijing.cli.ok(["conflicts", "resolve", "SHPUDONG-000001", "department", "--pick", "\(pick)"], staff: "主管孙丽")
        try beijing.cli.ok(["conflicts", "resolve", "SHPUDONG-000001", "owner", "--value", "李娜"], staff: "主管孙丽")
        #expect(try cluster.waitUntilConverged([hq, shanghai, beijing]), "\(cluster.logs)")
        for node in [hq, shanghai, beijing] {
            #expect((try node.cli.json(["conflicts"]) as? [Any])?.isEmpty == true, "settled at \(node.id)")
            let view = try #require(try node.cli.json(["case", "show", "SHPUDONG-000001"]) as? [String: Any])
            let fields = view["fields"] as? [String: [String: Any]]
            #expect(fields?["department"]?["value"] as? String == "技术支持部")
            #expect(fields?["owner"]?["value"] as? String == "李娜")
        }
    }

    @Test func twoOfficesThatDialEachOtherKeepOneConnectionAndConverge() throws {
        let cluster = try TestCluster()
        let (shanghai, beijing) = try cluster.startMesh("sh-pudong", "bj-chaoyang")
        shanghai.stop()
        try shanghai.start()
        try shanghai.cli.ok(["customer", "add", "--name", "张伟"])
        try beijing.cli.ok(["customer", "add", "--name", "李建国"])
        #expect(try cluster.waitUntilConverged([shanghai, beijing]), "\(cluster.logs)")
        for node in [shanghai, beijing] {
            let status = try #require(try node.cli.json(["status"]) as? [String: Any])
            let peers = status["peers"] as? [[String: Any]]
            #expect(peers?.count == 1 && peers?.first?["connected"] as? Bool == true, "\(node.id): \(String(describing: peers))")
        }
        try beijing.cli.ok(["customer", "add", "--name", "王芳"])
        #expect(try cluster.waitUntilConverged([shanghai, beijing]), "\(cluster.logs)")
    }
}
