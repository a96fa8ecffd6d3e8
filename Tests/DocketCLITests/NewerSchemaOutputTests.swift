import DocketCore
import DocketStore
import DocketTestSupport
import Foundation
import Testing

/// What `case show` and `history` print of values only a newer Docket can read: the stored JSON, marked,
/// escaped for the terminal; and, once the office runs the newer schema, the same values shown properly.
@Suite(.serialized) struct NewerSchemaOutputTests {
    static let mark = "[from a newer Docket]"
    let cluster: TestCluster
    /// Runs the test's schema 2 (`DOCKET_TEST_SCHEMA=2`) for the daemon and the CLI alike.
    let newer: TestNode
    let older: TestNode

    /// Shanghai, on schema 2, opens a case, sets its root cause and a WeChat channel with the CLI, and
    /// appends an escalation whose reason hides a right-to-left override; Beijing imports all of it.
    init() throws {
        self.cluster = try TestCluster()
        self.newer = try self.cluster.add("sh-pudong")
        self.older = try self.cluster.add("bj-chaoyang")
        self.newer.environment = ["DOCKET_TEST_SCHEMA": "2"]
        for node in [self.newer, self.older] {
            try SignedImportTests.configure(node)
            try node.cli.ok(["init", "--node", node.id])
        }
        try self.newer.cli.ok(["customer", "add", "--name", "张伟"])
        try self.newer.cli.ok([
            "case", "open", "--customer", "cust-sh-pudong-1", "--channel", "phone", "--category", "repair_quality",
            "--level", "L3", "--emotion", "angry", "--summary", "空调维修后仍然漏水", "--department", "客服中心",
            "--owner", "王磊",
        ])
        try self.newer.cli.ok(["case", "set", "SHPUDONG-000001", "root_cause", "排水管安装坡度不足"])
        try self.newer.cli.ok(["case", "set", "SHPUDONG-000001", "channel", "wechat"])
        let replica = try Replica.open(at: Self.replicaPath(of: self.newer), schema: .testExtension)
        _ = try replica.write(author: "王磊", now: 1_795_395_600_000) { writer in
            let escalation = Entry.untyped(kind: "escalation", body: .object([
                "to": .string("华东区域经理"), "reason": .string("客户要求\u{202E}区域经理介入"),
            ]))
            try writer.commit([.append(entry: escalation)], to: RecordRef(kind: .case, id: "case-sh-pudong-2"), typed: false)
        }
        let file = self.cluster.root.url.appendingPathComponent("sh.ops").path
        try self.newer.cli.ok(["export", "--out", file])
        try self.older.cli.ok(["import", file])
    }

    static func replicaPath(of node: TestNode) -> String {
        node.directory.appendingPathComponent("replica.sqlite").path
    }

    static func line(_ output: String, starting prefix: String) -> String {
        output.split(separator: "\n").map(String.init).first { $0.hasPrefix(prefix) } ?? "(no line \(prefix))"
    }

    @Test func anOlderOfficeShowsWhatItCannotReadRawAndMarked() throws {
        let shown = try self.older.cli.ok(["case", "show", "SHPUDONG-000001"])
        #expect(Self.line(shown, starting: "root_cause").hasSuffix(#""排水管安装坡度不足"  \#(Self.mark)"#), "\(shown)")
        #expect(Self.line(shown, starting: "channel").hasSuffix(#""wechat"  \#(Self.mark)"#), "\(shown)")
        #expect(Self.line(shown, starting: "level").hasSuffix("L3"))
        let entry = Self.line(shown, starting: "  ")
        #expect(entry.hasSuffix(#"escalation {"reason":"客户要求\u{202E}区域经理介入","to":"华东区域经理"}  \#(Self.mark)"#), "\(entry)")
        #expect(!shown.unicodeScalars.contains("\u{202E}"), "the override is escaped, not printed")

        let history = try self.older.cli.ok(["history", "SHPUDONG-000001"])
        #expect(history.contains(#"root_cause="排水管安装坡度不足"  \#(Self.mark)"#), "\(history)")
        #expect(history.contains(#"channel="wechat"  \#(Self.mark)"#), "\(history)")
        #expect(history.contains("+escalation {"), "\(history)")
        #expect(history.contains("level=L3"), "a known change is shown as always")
        #expect(!history.unicodeScalars.contains("\u{202E}"))

        // It does not write what it cannot read: its write would carry schema 1, which has no such field.
        let refused = try self.older.cli.run(["case", "set", "SHPUDONG-000001", "root_cause", "密封圈老化"])
        #expect(refused.status == 1 && refused.stderr.contains("'root_cause' is not a case field"), "\(refused.stderr)")
    }

    @Test func theNewerOfficeAndAnUpgradedOneShowTheValuesProperly() throws {
        let atNewer = try self.newer.cli.ok(["case", "show", "SHPUDONG-000001"])
        #expect(!atNewer.contains(Self.mark), "\(atNewer)")
        #expect(Self.line(atNewer, starting: "root_cause").hasSuffix(" 排水管安装坡度不足"))
        #expect(Self.line(atNewer, starting: "channel").hasSuffix(" wechat"))
        #expect(Self.line(atNewer, starting: "  ").hasSuffix(#"escalation to: 华东区域经理 | reason: 客户要求\u{202E}区域经理介入"#))

        self.older.environment = ["DOCKET_TEST_SCHEMA": "2"]
        let upgraded = try self.older.cli.ok(["case", "show", "SHPUDONG-000001"])
        #expect(upgraded == atNewer, "the upgraded office shows what the newer one shows")
        #expect(!(try self.older.cli.ok(["history", "SHPUDONG-000001"])).contains(Self.mark))
        #expect(try self.older.digest() == self.newer.digest())
        try self.older.cli.ok(["case", "set", "SHPUDONG-000001", "root_cause", "室内机密封圈老化"])
    }
}
