import DocketCore
import DocketStore
import DocketTestSupport
import Foundation
import Testing

/// A network in the middle of an upgrade, with real daemons on loopback TLS: a newer office (the test's
/// schema 2: a `root_cause` field, a `wechat` channel, an `escalation` entry) replicates through a
/// headquarters and to a branch that have not been upgraded, while all three keep writing.
@Suite(.serialized) struct MixedVersionTests {
    static let newerSchema = ["DOCKET_TEST_SCHEMA": "2"]
    static let mark = "[from a newer Docket]"

    /// `sh-pudong` runs schema 2 and dials `hq`; `bj-chaoyang` runs schema 1 and dials `hq` too.
    static func network() throws -> (TestCluster, newer: TestNode, hq: TestNode, older: TestNode) {
        let cluster = try TestCluster()
        let hq = try cluster.add("hq")
        try hq.start()
        let newer = try cluster.add("sh-pudong")
        newer.environment = Self.newerSchema
        let older = try cluster.add("bj-chaoyang")
        for branch in [newer, older] {
            branch.peers = [("hq", hq.port!)]
            try branch.start()
        }
        return (cluster, newer, hq, older)
    }

    static func line(_ output: String, starting prefix: String) -> String {
        output.split(separator: "\n").map(String.init).first { $0.hasPrefix(prefix) } ?? "(no line \(prefix))"
    }

    /// The rows `sql` gives on `node`'s replica, one line each, as the `sqlite3` shell prints them.
    static func sql(_ node: TestNode, _ sql: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = ["-readonly", node.directory.appendingPathComponent("replica.sqlite").path, sql]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// The newer office writes what only schema 2 has: a root cause and a channel word through the CLI,
    /// and an escalation entry (no command writes one) straight into its replica, as the CLI would.
    static func writeNewerValues(at newer: TestNode, rootCause: String) throws {
        try newer.cli.ok(["case", "set", "SHPUDONG-000001", "root_cause", rootCause])
        try newer.cli.ok(["case", "set", "SHPUDONG-000001", "channel", "wechat"])
        let replica = try Replica.open(
            at: newer.directory.appendingPathComponent("replica.sqlite").path, schema: .testExtension)
        _ = try replica.write(author: "王磊", now: Int64(Date().timeIntervalSince1970 * 1000)) { writer in
            let escalation = Entry.untyped(kind: "escalation", body: .object([
                "to": .string("华东区域经理"), "reason": .string("客户要求区域经理介入"),
            ]))
            try writer.commit([.append(entry: escalation)], to: RecordRef(kind: .case, id: "case-sh-pudong-2"))
        }
    }

    /// Every office writes to the shared case at once, `rounds` times; the newer one writes its root cause.
    static func writeConcurrently(_ offices: [TestNode], rounds: Int) -> [String] {
        let failures = SignedRelayTests.Failures()
        DispatchQueue.concurrentPerform(iterations: offices.count) { index in
            let office = offices[index]
            for round in 0..<rounds {
                do {
                    try office.cli.ok(["case", "tag", "SHPUDONG-000001", "\(office.id)-\(round)"])
                    if office.environment.isEmpty {
                        try office.cli.ok(["case", "set", "SHPUDONG-000001", "level", ["L1", "L2", "L4"][(round + index) % 3]])
                    } else {
                        try office.cli.ok(["case", "set", "SHPUDONG-000001", "root_cause", "第\(round)次排查：排水管坡度"])
                    }
                } catch {
                    failures.append("\(office.id): \(error)")
                }
            }
        }
        return failures.all
    }

    @Test func aNewerOfficeReplicatesThroughOlderOfficesAndAnUpgradedOneShowsTheNewField() throws {
        let (cluster, newer, hq, older) = try Self.network()
        let offices = [newer, hq, older]
        try newer.cli.ok(["customer", "add", "--name", "张伟", "--tier", "gold"])
        try newer.cli.ok([
            "case", "open", "--customer", "cust-sh-pudong-1", "--channel", "phone", "--category", "repair_quality",
            "--level", "L3", "--emotion", "angry", "--summary", "空调维修后仍然漏水", "--department", "客服中心",
            "--owner", "王磊",
        ])
        try Self.writeNewerValues(at: newer, rootCause: "排水管安装坡度不足")
        #expect(try cluster.waitUntilConverged(offices), "\(cluster.logs)")

        let failures = Self.writeConcurrently(offices, rounds: 4)
        #expect(failures.isEmpty, "\(failures)")
        try newer.cli.ok(["case", "set", "SHPUDONG-000001", "root_cause", "排水管安装坡度不足"])
        #expect(try cluster.waitUntilConverged(offices, timeout: 60), "\(cluster.logs)")

        // Schema 1 offices hold everything and show what they cannot read raw, marked.
        for office in [hq, older] {
            let shown = try office.cli.ok(["case", "show", "SHPUDONG-000001"])
            #expect(Self.line(shown, starting: "root_cause").hasSuffix(#""排水管安装坡度不足"  \#(Self.mark)"#), "\(office.id): \(shown)")
            #expect(Self.line(shown, starting: "channel").hasSuffix(#""wechat"  \#(Self.mark)"#), "\(office.id)")
            #expect(shown.contains(#"escalation {"reason":"客户要求区域经理介入","to":"华东区域经理"}  \#(Self.mark)"#), "\(office.id)")
            #expect(Self.line(shown, starting: "tags").split(separator: ",").count == 12, "\(office.id): every office's tags")
        }
        let atNewer = try newer.cli.ok(["case", "show", "SHPUDONG-000001"])
        #expect(!atNewer.contains(Self.mark) && atNewer.contains("escalation to: 华东区域经理"), "\(atNewer)")
        // Nothing was refused anywhere: no office closed a connection over what it received.
        for office in offices {
            let log = office.log
            #expect(!log.contains("closing connection") && !log.contains("peer closed the connection"), "\(office.id): \(log)")
        }
        #expect(try Self.sql(older, "SELECT field FROM newer_fields") == ["root_cause"])

        // The branch is upgraded: restarted on schema 2, it shows the field in its tables, rebuilt from the
        // operations it already holds.
        let operationsBefore = try Self.sql(older, "SELECT COUNT(*) FROM operations")
        #expect(older.stop() == 0)
        older.environment = Self.newerSchema
        try older.start()
        let upgraded = try older.cli.ok(["case", "show", "SHPUDONG-000001"])
        #expect(!upgraded.contains(Self.mark), "\(upgraded)")
        #expect(Self.line(upgraded, starting: "root_cause").hasSuffix(" 排水管安装坡度不足"))
        #expect(try Self.sql(older, "SELECT root_cause, channel FROM cases") == ["排水管安装坡度不足|wechat"])
        #expect(try Self.sql(older, "SELECT COUNT(*) FROM newer_fields") == ["0"])
        #expect(try Self.sql(older, "SELECT COUNT(*) FROM operations") == operationsBefore, "nothing was sent again")

        // The upgraded branch writes the new field itself; it reaches the newer office through the older
        // headquarters, and all three still agree.
        try older.cli.ok(["case", "set", "SHPUDONG-000001", "root_cause", "室内机密封圈老化"])
        #expect(try cluster.waitUntilConverged(offices, timeout: 60), "\(cluster.logs)")
        #expect(Self.line(try newer.cli.ok(["case", "show", "SHPUDONG-000001"]), starting: "root_cause").hasSuffix(" 室内机密封圈老化"))
        #expect(Self.line(try hq.cli.ok(["case", "show", "SHPUDONG-000001"]), starting: "root_cause")
            .hasSuffix(#""室内机密封圈老化"  \#(Self.mark)"#))
    }
}
