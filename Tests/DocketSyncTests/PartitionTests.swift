import DocketTestSupport
import Foundation
import Testing

/// Random drops, delays and cuts on the links while every office keeps writing; after healing, all
/// replicas are identical and hold every operation anyone wrote.
@Suite(.serialized) struct PartitionTests {
    @Test func officesConvergeAfterAFlakyPartitionedPeriod() throws {
        let seed = UInt64.random(in: 1...UInt64.max)
        var random = SplitMix64(seed: seed)
        let cluster = try TestCluster()
        let hq = try cluster.add("hq")
        try hq.start()
        let links = [try FaultyProxy(targetPort: hq.port!), try FaultyProxy(targetPort: hq.port!)]
        defer { links.forEach { $0.shutdown() } }
        let branches = [try cluster.add("sh-pudong"), try cluster.add("bj-chaoyang")]
        for (branch, link) in zip(branches, links) {
            branch.peers = [("hq", link.port)]
            try branch.start()
        }
        let offices = [hq] + branches
        try hq.cli.ok(["customer", "add", "--name", "张伟"])
        try hq.cli.ok([
            "case", "open", "--customer", "cust-hq-1", "--channel", "phone", "--category", "delivery", "--level", "L2",
            "--emotion", "calm", "--summary", "快递延误", "--department", "物流部", "--owner", "陈静",
        ])
        #expect(try cluster.waitUntilConverged(offices), "seed \(seed)\n\(cluster.logs)")

        for link in links { link.degrade(delay: 0...40, cut: 0.05) }
        var written = 2  // the customer and the case
        for round in 0..<12 {
            // Now and then a link goes down entirely, or comes back.
            let link = links[Int.random(in: 0..<links.count, using: &random)]
            if Bool.random(using: &random) { link.partition() } else { link.heal() }
            for office in offices {
                let level = ["L1", "L2", "L3", "L4"][Int.random(in: 0..<4, using: &random)]
                try office.cli.ok(["case", "set", "HQ-000001", "level", level])
                try office.cli.ok(["case", "tag", "HQ-000001", "第\(round)轮-\(office.id)"])
                written += 2
            }
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...0.3, using: &random))
        }
        for link in links {
            link.heal()
            link.degrade(delay: 0...0, cut: 0)
        }
        #expect(try cluster.waitUntilConverged(offices, timeout: 60), "seed \(seed)\n\(cluster.logs)")
        // The faults did happen: branches had to connect again.
        let reconnections = branches.map { $0.log.components(separatedBy: "peer connected").count - 1 }
        #expect(reconnections.allSatisfy { $0 > 1 }, "connections per branch: \(reconnections)")
        for office in offices {
            let vector = try office.cli.ok(["vector"]).trimmingCharacters(in: .whitespacesAndNewlines)
            let total = vector.split(separator: ",").compactMap { UInt64($0.split(separator: ":")[1]) }.reduce(0, +)
            #expect(total == UInt64(written), "\(office.id) holds \(vector), seed \(seed)")
            let tags = try #require(try office.cli.json(["case", "show", "HQ-000001"]) as? [String: Any])["tags"] as? [String]
            #expect(tags?.count == 36, "every tag from every office at \(office.id)")
        }
    }
}
