import DocketTestSupport
import Foundation
import Testing

/// The scripted scenario, end to end through the CLI: two offices, sync by file, a concurrent
/// handoff and resolution, the same conflict at both, one resolution that settles it everywhere.
@Suite struct OfflineSyncScenarioTests {
    @Test func concurrentHandoffAndResolutionConflictThenSettleEverywhere() throws {
        let temporary = try TemporaryDirectory()
        // Certificates from one CA, so each office accepts the other's files.
        let signing = try TestSigning(in: temporary.url)
        let shanghai = try signing.office(in: temporary, "sh", staff: "王磊", node: "sh-pudong")
        let beijing = try signing.office(in: temporary, "bj", staff: "赵敏", node: "bj-chaoyang")
        try shanghai.ok(["init", "--node", "sh-pudong", "--office", "SH01"])
        try beijing.ok(["init", "--node", "bj-chaoyang", "--office", "BJ01"])

        // Office A registers the customer and opens the case.
        try shanghai.ok([
            "customer", "add", "--name", "张伟", "--salutation", "张先生", "--tier", "gold", "--trait", "技术优先型",
        ])
        try shanghai.ok([
            "case", "open", "--customer", "cust-sh-pudong-1", "--channel", "hotline", "--category", "repair_quality",
            "--level", "L3", "--emotion", "angry", "--summary", "空调维修后仍然漏水，客户要求上门复检",
            "--department", "客服中心", "--owner", "王磊", "--explicit-demand", "免费上门复检",
        ])
        try self.sync(from: shanghai, to: beijing, in: temporary)

        // Concurrently: A hands the case to 技术支持部, B marks it resolved.
        try shanghai.ok([
            "case", "handoff", "SH01-000001", "--to-department", "技术支持部", "--to-owner", "李娜",
            "--reason", "需要工程师判断漏水原因", "--background", "金卡客户，第二次报修，情绪激动",
            "--problem", "更换密封圈后仍漏水", "--measures", "已致歉并登记复检需求",
        ])
        try beijing.ok(["case", "status", "SH01-000001", "resolved"])

        try self.sync(from: shanghai, to: beijing, in: temporary)
        try self.sync(from: beijing, to: shanghai, in: temporary)

        try Self.expectTheSameConflict(at: shanghai, and: beijing)

        // A supervisor at B settles it; the resolution travels back to A.
        let show = try beijing.ok(["conflicts", "show", "SH01-000001"])
        #expect(show.contains("[1] resolved"))
        #expect(show.contains("[2] investigating"))
        try beijing.ok(["conflicts", "resolve", "SH01-000001", "status", "--pick", "2"], staff: "主管孙丽")
        try self.sync(from: beijing, to: shanghai, in: temporary)

        for office in [shanghai, beijing] {
            #expect((try office.json(["conflicts"]) as? [Any])?.isEmpty == true)
            let view = try #require(try office.json(["case", "show", "SH01-000001"]) as? [String: Any])
            let status = (view["fields"] as? [String: [String: Any]])?["status"]
            #expect(status?["value"] as? String == "investigating")
            #expect(status?["conflicted"] as? Bool == false)
        }
        #expect(try shanghai.ok(["digest"]) == beijing.ok(["digest"]))

        // The audit trail names who did what, where.
        let history = try #require(try shanghai.json(["history", "SH01-000001"]) as? [[String: Any]])
        #expect(history.map { $0["author"] as? String } == ["王磊", "王磊", "赵敏", "主管孙丽"])
        #expect(history.last?["office"] as? String == "bj-chaoyang")
    }

    /// Both offices show the same conflict, with the same value shown; the handoff itself is kept.
    static func expectTheSameConflict(at shanghai: DocketProcess, and beijing: DocketProcess) throws {
        let conflictsA = try #require(try shanghai.json(["conflicts"]) as? [[String: Any]])
        let conflictsB = try #require(try beijing.json(["conflicts"]) as? [[String: Any]])
        #expect(conflictsA.count == 1)
        #expect(conflictsA.first?["field"] as? String == "status")
        #expect(conflictsA.first?["label"] as? String == "SH01-000001")
        #expect(conflictsA.first?["shown"] as? String == "investigating")
        let valuesA = (conflictsA.first?["values"] as? [[String: Any]])?.compactMap { $0["value"] as? String }
        let valuesB = (conflictsB.first?["values"] as? [[String: Any]])?.compactMap { $0["value"] as? String }
        #expect(valuesA == ["resolved", "investigating"])
        #expect(valuesA == valuesB)
        #expect(try shanghai.ok(["digest"]) == beijing.ok(["digest"]))

        // The handoff itself is kept, department and owner moved, and the case is flagged in listings.
        let caseA = try #require(try shanghai.json(["case", "show", "SH01-000001"]) as? [String: Any])
        let fields = try #require(caseA["fields"] as? [String: [String: Any]])
        #expect(fields["department"]?["value"] as? String == "技术支持部")
        #expect(fields["status"]?["conflicted"] as? Bool == true)
        #expect(caseA["conflictedFields"] as? [String] == ["status"])
        let conflictedList = try #require(try beijing.json(["case", "list", "--conflicted"]) as? [[String: Any]])
        #expect(conflictedList.count == 1)
    }

    @Test func exportSinceAVectorCarriesOnlyWhatIsMissing() throws {
        let temporary = try TemporaryDirectory()
        // Certificates from one CA, so each office accepts the other's files.
        let signing = try TestSigning(in: temporary.url)
        let shanghai = try signing.office(in: temporary, "sh", staff: "王磊", node: "sh-pudong")
        let beijing = try signing.office(in: temporary, "bj", staff: "赵敏", node: "bj-chaoyang")
        try shanghai.ok(["init", "--node", "sh-pudong", "--office", "SH01"])
        try beijing.ok(["init", "--node", "bj-chaoyang", "--office", "BJ01"])
        try shanghai.ok(["customer", "add", "--name", "李建国", "--salutation", "李总", "--tier", "vip"])
        try self.sync(from: shanghai, to: beijing, in: temporary)
        try shanghai.ok(["customer", "set", "cust-sh-pudong-1", "phone", "13800000000"])
        let file = temporary.url.appendingPathComponent("delta.ops").path
        let since = try beijing.ok(["vector"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(since == "sh-pudong:1")
        #expect(try shanghai.ok(["export", "--since", since, "--out", file]).contains("Exported 1 operation"))
        #expect(try beijing.ok(["import", file]).contains("1 applied, 0 already held"))
        // Importing the same file again is harmless.
        #expect(try beijing.ok(["import", file]).contains("0 applied, 1 already held"))
    }

    /// Carries everything `target` lacks from `source` by file, the way a USB stick would.
    private func sync(from source: DocketProcess, to target: DocketProcess, in temporary: TemporaryDirectory) throws {
        let since = try target.ok(["vector"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let file = temporary.url.appendingPathComponent("transfer-\(UUID().uuidString).ops").path
        try source.ok(["export", "--since", since, "--out", file])
        try target.ok(["import", file])
    }
}
