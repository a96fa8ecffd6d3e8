import DocketCodec
import DocketCore
import DocketStore
import DocketTestSupport
import Foundation
import Testing

/// Signed operations relayed through headquarters: two branches that never meet each hold the other's
/// operations with the other's own chain signature, and all three converge whatever the order of writes
/// and partitions.
@Suite(.serialized) struct SignedRelayTests {
    /// `sh-pudong` and `bj-chaoyang` each dial only `hq`; neither is given the other's address.
    static func chain() throws -> (TestCluster, hq: TestNode, a: TestNode, b: TestNode) {
        let cluster = try TestCluster()
        let (hq, branches) = try cluster.startHeadquarters(branches: ["sh-pudong", "bj-chaoyang"])
        return (cluster, hq, branches[0], branches[1])
    }

    static func openCase(at node: TestNode, summary: String) throws {
        try node.cli.ok([
            "case", "open", "--customer", "cust-sh-pudong-1", "--channel", "phone", "--category", "repair_quality",
            "--level", "L3", "--emotion", "angry", "--summary", summary, "--department", "客服中心", "--owner", "王磊",
        ])
    }

    static func replica(of node: TestNode) throws -> Replica {
        try Replica.open(at: node.directory.appendingPathComponent("replica.sqlite").path)
    }

    /// The fingerprint of the certificate `node` signs with, as `docket status --json` reports it.
    static func fingerprint(of node: TestNode) throws -> String {
        let status = try #require(try node.cli.json(["status"]) as? [String: Any])
        let certificate = try #require(status["certificate"] as? [String: Any])
        return try #require(certificate["fingerprint"] as? String)
    }

    static func operationCount(at node: TestNode) throws -> Int {
        let status = try #require(try node.cli.json(["status"]) as? [String: Any])
        return try #require((status["counts"] as? [String: Any])?["operations"] as? Int)
    }

    @Test func aBranchHoldsTheOtherBranchsOperationsSignedByThatBranchThroughHeadquarters() throws {
        let (cluster, hq, shanghai, beijing) = try Self.chain()
        try shanghai.cli.ok(["customer", "add", "--name", "张伟", "--tier", "gold"])
        try Self.openCase(at: shanghai, summary: "空调维修后仍然漏水")
        try Self.openCase(at: shanghai, summary: "热水器安装延误")
        #expect(try cluster.waitUntilConverged([hq, shanghai, beijing]), "\(cluster.logs)")

        let a = try NodeID("sh-pudong")
        let held = try Self.replica(of: beijing)
        let written = try Self.replica(of: shanghai).vector()[a]
        #expect(written == 3)
        #expect(try held.vector()[a] == written, "Beijing holds every operation Shanghai wrote")
        #expect(try beijing.cli.ok(["case", "list"]).contains("热水器安装延误"))

        // What Beijing would pass on of Shanghai's chain is covered by Shanghai's own signature, under
        // Shanghai's certificate: headquarters relayed the signature, it did not sign for Shanghai.
        let relayed = try held.signedBatch(missingFrom: VersionVector())
        let signatures = relayed.signatures.filter { $0.origin == a }
        let shanghaiCertificate = try Self.fingerprint(of: shanghai)
        #expect(!signatures.isEmpty, "Beijing holds a signature over Shanghai's chain")
        #expect(signatures.allSatisfy { $0.certificate == shanghaiCertificate }, "\(signatures.map(\.certificate))")
        #expect(shanghaiCertificate != (try Self.fingerprint(of: hq)))
        #expect(relayed.certificates.contains { $0.fingerprint == shanghaiCertificate })
        let head = try #require(relayed.operations.last { $0.dot.node == a })
        #expect(signatures.contains { $0.seq == head.dot.seq && $0.head == head.hash })

        // The branches never spoke to each other: each knows only headquarters.
        for branch in [shanghai, beijing] {
            let status = try #require(try branch.cli.json(["status"]) as? [String: Any])
            let peers = (status["peers"] as? [[String: Any]])?.compactMap { $0["node"] as? String }
            #expect(peers == ["hq"], "\(branch.id) peers: \(String(describing: peers))")
        }
    }

    @Test func concurrentWritesAndAPartitionOfHeadquartersConvergeEverywhere() throws {
        let (cluster, hq, shanghai, beijing) = try Self.chain()
        let offices = [hq, shanghai, beijing]
        try shanghai.cli.ok(["customer", "add", "--name", "张伟"])
        try Self.openCase(at: shanghai, summary: "维修后仍漏水")
        #expect(try cluster.waitUntilConverged(offices), "\(cluster.logs)")

        // All three write to the same case at once, while the links are up.
        let failures = Self.writeConcurrently(at: offices, rounds: 5)
        #expect(failures.isEmpty, "\(failures)")

        // Headquarters goes down; the branches keep writing, each alone.
        #expect(hq.stop() == 0)
        for round in 0..<5 {
            try shanghai.cli.ok(["case", "tag", "SHPUDONG-000001", "上海离线-\(round)"])
            try beijing.cli.ok(["case", "tag", "SHPUDONG-000001", "北京离线-\(round)"])
            try beijing.cli.ok(["case", "set", "SHPUDONG-000001", "level", round % 2 == 0 ? "L2" : "L4"])
        }
        try hq.start()
        #expect(try cluster.waitUntilConverged(offices, timeout: 60), "\(cluster.logs)")

        // 2 at the start, 3 × 5 × 2 concurrent, 5 + 10 offline.
        let written = 2 + 30 + 15
        for office in offices {
            let vector = try Self.replica(of: office).vector()
            #expect(vector.sortedEntries.reduce(0) { $0 + $1.seq } == UInt64(written), "\(office.id): \(vector)")
            #expect(try Self.operationCount(at: office) == written, "\(office.id): no operation lost or duplicated")
            let view = try #require(try office.cli.json(["case", "show", "SHPUDONG-000001"]) as? [String: Any])
            #expect((view["tags"] as? [String])?.count == 25, "every tag from every office at \(office.id)")
        }
    }

    /// Each office tags the case and sets its level `rounds` times, all offices at the same time.
    /// - Returns: what failed, if anything.
    static func writeConcurrently(at offices: [TestNode], rounds: Int) -> [String] {
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: offices.count) { index in
            let office = offices[index]
            for round in 0..<rounds {
                do {
                    try office.cli.ok(["case", "tag", "SHPUDONG-000001", "\(office.id)-\(round)"])
                    try office.cli.ok(["case", "set", "SHPUDONG-000001", "level", ["L1", "L2", "L3", "L4"][(round + index) % 4]])
                } catch {
                    failures.append("\(office.id): \(error)")
                }
            }
        }
        return failures.all
    }

    /// Failures collected from concurrent writers.
    final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [String] = []

        func append(_ item: String) { self.lock.withLock { self.items.append(item) } }
        var all: [String] { self.lock.withLock { self.items } }
    }
}
