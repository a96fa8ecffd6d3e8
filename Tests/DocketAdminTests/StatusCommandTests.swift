import DocketTestSupport
import Foundation
import Testing

/// `docket status`, `peers` and `verify` from the CLI, with the daemon up and down.
@Suite(.serialized) struct StatusCommandTests {
    @Test func statusSaysSoWhenTheDaemonIsDownAndShowsWhatTheReplicaKnows() throws {
        let cluster = try TestCluster()
        let (hq, branches) = try cluster.startHeadquarters(branches: ["sh-pudong"])
        let branch = branches[0]
        try branch.cli.ok(["customer", "add", "--name", "张伟"])
        try branch.cli.ok([
            "case", "open", "--customer", "cust-sh-pudong-1", "--channel", "phone", "--category", "delivery",
            "--level", "L1", "--emotion", "calm", "--summary", "快递延误", "--department", "物流部", "--owner", "陈静",
        ])
        // A promise cannot be made already overdue, so this one falls due a second after it is made.
        try branch.cli.ok(["case", "commit", "SHPUDONG-000001", "--text", "今天回电", "--owner", "陈静", "--due", "+1s"])
        #expect(try cluster.waitUntilConverged([hq, branch]))
        Thread.sleep(forTimeInterval: 1.2)

        let live = try #require(try branch.cli.json(["status"]) as? [String: Any])
        #expect((live["daemon"] as? [String: Any])?["running"] as? Bool == true)
        #expect((live["peers"] as? [[String: Any]])?.first?["connected"] as? Bool == true)
        #expect(live["overdueCommitments"] as? Int == 1)
        #expect((live["certificate"] as? [String: Any])?["node"] as? String == "sh-pudong")

        branch.stop()
        let offline = try #require(try branch.cli.json(["status"]) as? [String: Any])
        #expect((offline["daemon"] as? [String: Any])?["running"] as? Bool == false)
        #expect((offline["counts"] as? [String: Any])?["operations"] as? Int == 3)
        #expect((offline["vector"] as? [String: Any])?["sh-pudong"] as? Int == 3)
        let peers = offline["peers"] as? [[String: Any]]
        #expect(peers?.first?["node"] as? String == "hq" && peers?.first?["connected"] as? Bool == false)
        #expect(try branch.cli.ok(["status"]).contains("NOT RUNNING"))
        #expect(try branch.cli.ok(["peers"]).contains("The daemon is not running"))
    }

    @Test func verifyAgreesThenFindsATamperedRecordThenAgreesAfterRebuild() throws {
        let cluster = try TestCluster()
        let (hq, branches) = try cluster.startHeadquarters(branches: ["sh-pudong"])
        let branch = branches[0]
        try branch.cli.ok(["customer", "add", "--name", "张伟"])
        try branch.cli.ok(["customer", "add", "--name", "李建国", "--salutation", "李总"])
        #expect(try cluster.waitUntilConverged([hq, branch]))

        let agree = try branch.cli.run(["verify", "hq"])
        #expect(agree.status == 0, "\(agree.stderr)")
        #expect(agree.stdout.contains("hq: agree"))

        // Someone edits the materialized table by hand; the log is untouched.
        let database = branch.directory.appendingPathComponent("replica.sqlite").path
        let edit = try DocketProcess.run(
            [database, "UPDATE customers SET name = '篡改' WHERE id = 'cust-sh-pudong-2'"], environment: [:],
            executable: URL(fileURLWithPath: "/usr/bin/sqlite3"))
        #expect(edit.status == 0, "\(edit.stderr)")
        let differ = try branch.cli.run(["verify", "hq", "--json"])
        #expect(differ.status == 2)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(differ.stdout.utf8)) as? [String: Any])
        #expect(report["outcome"] as? String == "differ")
        #expect((report["differences"] as? [[String: Any]])?.map { $0["record"] as? String } == ["cust-sh-pudong-2"])

        try branch.cli.ok(["rebuild"])
        #expect(try branch.cli.run(["verify", "hq"]).status == 0)

        let unknown = try branch.cli.run(["verify", "bj-chaoyang"])
        #expect(unknown.status == 1 && unknown.stderr.contains("bj-chaoyang is not connected"))
    }

    @Test func doctorPassesAHealthyNodeAndCatchesTablesThatDisagreeWithTheLog() throws {
        let cluster = try TestCluster()
        let (hq, branches) = try cluster.startHeadquarters(branches: ["sh-pudong"])
        let branch = branches[0]
        try branch.cli.ok(["customer", "add", "--name", "王芳", "--trait", "注重效率"])
        #expect(try cluster.waitUntilConverged([hq, branch]))
        #expect(cluster.wait { (try? branch.cli.ok(["doctor"]))?.contains("clock hq") == true })

        let healthy = try #require(try branch.cli.json(["doctor"]) as? [[String: Any]])
        let levels = Dictionary(uniqueKeysWithValues: healthy.map { ($0["name"] as! String, $0["level"] as! String) })
        #expect(levels["integrity"] == "ok")
        #expect(levels["rebuild"] == "ok")
        #expect(levels["certificate"] == "ok")
        #expect(levels["clock hq"] == "ok")

        let database = branch.directory.appendingPathComponent("replica.sqlite").path
        _ = try DocketProcess.run(
            [database, "DELETE FROM set_members"], environment: [:], executable: URL(fileURLWithPath: "/usr/bin/sqlite3"))
        let broken = try branch.cli.run(["doctor"])
        #expect(broken.status == 2)
        #expect(broken.stdout.contains("rebuild") && broken.stdout.contains("failed"))
        // The doctor only looked: the table is still as it was left.
        let members = try DocketProcess.run(
            [database, "SELECT COUNT(*) FROM set_members"], environment: [:],
            executable: URL(fileURLWithPath: "/usr/bin/sqlite3"))
        #expect(members.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }
}
