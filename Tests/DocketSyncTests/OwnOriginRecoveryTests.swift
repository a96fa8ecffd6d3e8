import DocketTestSupport
import Foundation
import Testing

/// A branch restored from a `docket backup` copy takes back from headquarters the operations it wrote
/// after the copy before it writes again, so its next write continues its own chain instead of reusing a
/// seq headquarters already holds.
@Suite(.serialized) struct OwnOriginRecoveryTests {
    /// How many operations the branch writes after the backup, all of which reach headquarters.
    static let writtenAfterBackup: UInt64 = 50

    /// The office's own entry in `docket vector --json`.
    static func ownSeq(of node: TestNode, at holder: TestNode) throws -> UInt64 {
        let vector = try #require(try holder.cli.json(["vector"]) as? [String: Any])
        return (vector[node.id] as? NSNumber)?.uint64Value ?? 0
    }

    static func status(of node: TestNode) throws -> [String: Any] {
        try #require(try node.cli.json(["status"]) as? [String: Any])
    }

    /// Operations held by `node`, from the log's count and from the vector: equal when none is duplicated.
    static func operations(at node: TestNode) throws -> (logged: Int, counted: UInt64) {
        let status = try Self.status(of: node)
        let logged = try #require((status["counts"] as? [String: Any])?["operations"] as? Int)
        let vector = try #require(status["vector"] as? [String: Any])
        return (logged, vector.values.compactMap { ($0 as? NSNumber)?.uint64Value }.reduce(0, +))
    }

    @Test func aRestoredBranchTakesBackItsOwnLaterOperationsBeforeWritingAgain() throws {
        let cluster = try TestCluster()
        let hq = try cluster.add("hq")
        try hq.start()
        let branch = try cluster.add("sh-pudong")
        branch.peers = [("hq", hq.port!)]
        try branch.start()
        try branch.cli.ok(["customer", "add", "--name", "张伟", "--tier", "gold"])
        try hq.cli.ok(["customer", "add", "--name", "刘洋"])
        #expect(try cluster.waitUntilConverged([hq, branch]), "\(cluster.logs)")

        let backup = cluster.root.url.appendingPathComponent("sh-pudong-备份.sqlite")
        try branch.cli.ok(["backup", backup.path])
        let backedUp = try Self.ownSeq(of: branch, at: branch)
        for index in 1...Self.writtenAfterBackup {
            try branch.cli.ok(["customer", "add", "--name", "备份后客户\(index)"])
        }
        let wrote = try Self.ownSeq(of: branch, at: branch)
        #expect(wrote == backedUp + Self.writtenAfterBackup, "one operation per customer")
        #expect(cluster.wait(timeout: 30) { (try? Self.ownSeq(of: branch, at: hq)) == wrote }, "\(cluster.logs)")

        #expect(branch.stop() == 0)
        try Self.restore(branch, from: backup)
        try Self.expectWritesRefusedWhileRestored(branch, holding: backedUp)

        try branch.start()
        #expect(
            cluster.wait(timeout: 30) { (try? Self.ownSeq(of: branch, at: branch)) == wrote },
            "the branch takes back its own operations from headquarters\n\(cluster.logs)")
        #expect(try Self.ownSeq(of: branch, at: hq) == wrote)
        #expect(cluster.wait(timeout: 10) { (try? Self.status(of: branch)["recovery"]) == nil }, "\(cluster.logs)")

        // Its next write continues its own chain at the next seq.
        try branch.cli.ok(["customer", "add", "--name", "恢复后客户"])
        #expect(try Self.ownSeq(of: branch, at: branch) == wrote + 1)
        #expect(try cluster.waitUntilConverged([hq, branch]), "\(cluster.logs)")
        try Self.expectNothingLostOrDuplicated(hq: hq, branch: branch, written: wrote + 1)
    }

    /// Puts the backup in place of a stopped node's replica, and removes the old `-wal` and `-shm`, which
    /// would otherwise be replayed into the copy.
    static func restore(_ node: TestNode, from backup: URL) throws {
        let replica = node.directory.appendingPathComponent("replica.sqlite")
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: replica.path + suffix)
        }
        try FileManager.default.copyItem(at: backup, to: replica)
    }

    /// Before the daemon runs, a local write is refused in one line and writes nothing; status and
    /// `docket recovery` say why.
    static func expectWritesRefusedWhileRestored(_ node: TestNode, holding held: UInt64) throws {
        let before = try node.digest()
        let refused = try node.cli.run(["customer", "add", "--name", "李娜"])
        #expect(refused.status != 0)
        let lines = refused.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(refused.stderr)")
        #expect(refused.stderr.hasPrefix("error: replica: restored from a backup; waiting"), "\(refused.stderr)")
        #expect(try node.digest() == before, "nothing written")
        #expect(try Self.ownSeq(of: node, at: node) == held)

        #expect(try node.cli.ok(["status"]).contains("RECOVERING"))
        let recovery = try #require(try Self.status(of: node)["recovery"] as? [String: Any])
        #expect((recovery["held"] as? NSNumber)?.uint64Value == held)
        #expect(recovery["target"] == nil, "no peer has said yet")
        #expect(try node.cli.ok(["recovery"]).contains("local writes wait"))
        let shown = try #require(try node.cli.json(["recovery"]) as? [String: Any])
        #expect(shown["recovering"] as? Bool == true)
    }

    static func expectNothingLostOrDuplicated(hq: TestNode, branch: TestNode, written: UInt64) throws {
        let atHeadquarters = try Self.operations(at: hq)
        let atBranch = try Self.operations(at: branch)
        // The branch's own, plus headquarters' one customer.
        #expect(atHeadquarters.counted == written + 1)
        #expect(atHeadquarters.logged == Int(atHeadquarters.counted), "no operation duplicated at headquarters")
        #expect(atBranch.logged == atHeadquarters.logged && atBranch.counted == atHeadquarters.counted)
        let customers = try [hq, branch].map { try #require(Self.status(of: $0)["counts"] as? [String: Any])["customers"] as? Int }
        #expect(customers == [Int(written) + 1, Int(written) + 1], "every customer once at both")

        let checks = try #require(try hq.cli.json(["doctor"]) as? [[String: Any]])
        let histories = checks.first { $0["name"] as? String == "histories" }
        #expect(histories?["level"] as? String == "ok", "\(checks)")
        #expect(!checks.contains { ($0["name"] as? String)?.hasPrefix("equivocation") == true }, "\(checks)")
        #expect(try Self.status(of: hq)["equivocations"].map { ($0 as? [Any])?.isEmpty == true } ?? true)
    }
}
