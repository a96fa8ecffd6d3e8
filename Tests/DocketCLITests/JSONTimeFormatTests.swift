import DocketTestSupport
import Foundation
import Testing

/// Every `--json` output writes times one way, ISO 8601, wherever they appear.
@Suite struct JSONTimeFormatTests {
    /// Keys that hold a time in Docket's JSON.
    static func isTimeKey(_ key: String) -> Bool {
        ["at", "due", "expires", "scheduledFor", "doneAt"].contains(key) || key.hasSuffix("At") || key.hasSuffix("_at")
            || key.hasSuffix("Since")
    }

    static func isISO8601(_ text: String) -> Bool {
        text.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})/) != nil
    }

    /// The time values found under time keys, and those not in ISO 8601, with where they were.
    static func scan(_ value: Any, path: String, times: inout [String], bad: inout [String]) {
        if let object = value as? [String: Any] {
            for (key, member) in object {
                let here = "\(path).\(key)"
                if Self.isTimeKey(key) {
                    // A case's fields wrap their value: {"opened_at": {"value": …}}.
                    let time = (member as? [String: Any])?["value"] ?? member
                    if time is NSNull { continue }
                    if let text = time as? String, Self.isISO8601(text) {
                        times.append(here)
                    } else {
                        bad.append("\(here) = \(time)")
                    }
                } else {
                    Self.scan(member, path: here, times: &times, bad: &bad)
                }
            }
        } else if let array = value as? [Any] {
            for (index, item) in array.enumerated() { Self.scan(item, path: "\(path)[\(index)]", times: &times, bad: &bad) }
        }
    }

    @Test func everyCommandsJSONWritesTimesInISO8601() throws {
        let temporary = try TemporaryDirectory()
        // Certificates from one CA, so each office accepts the other's files.
        let signing = try TestSigning(in: temporary.url)
        let shanghai = try signing.office(in: temporary, "sh", staff: "王磊", node: "sh-pudong")
        let beijing = try signing.office(in: temporary, "bj", staff: "赵敏", node: "bj-chaoyang")
        let file = { (name: String) in temporary.url.appendingPathComponent(name).path }
        var outputs: [(String, String)] = []
        func json(_ office: DocketProcess, _ arguments: [String]) throws {
            outputs.append((arguments.joined(separator: " "), try office.ok(arguments + ["--json"])))
        }

        try json(shanghai, ["init", "--node", "sh-pudong", "--office", "SH01"])
        try json(beijing, ["init", "--node", "bj-chaoyang", "--office", "BJ01"])
        try json(shanghai, ["customer", "add", "--name", "张伟", "--tier", "gold"])
        try json(shanghai, [
            "case", "open", "--customer", "cust-sh-pudong-1", "--channel", "hotline", "--category", "repair_quality",
            "--level", "L3", "--emotion", "angry", "--summary", "空调维修后仍然漏水", "--department", "客服中心", "--owner", "王磊",
        ])
        try json(shanghai, [
            "case", "handoff", "SH01-000001", "--to-department", "技术支持部", "--to-owner", "李娜", "--reason", "需要工程师",
            "--background", "金卡客户", "--problem", "仍漏水", "--measures", "已致歉",
        ])
        try json(shanghai, ["case", "commit", "SH01-000001", "--text", "明天上门复检", "--owner", "李娜", "--due", "+24h"])
        try json(shanghai, [
            "case", "note", "SH01-000001", "--channel", "phone", "--participant", "张伟", "--demand", "上门",
            "--issues", "漏水", "--outcome", "约好时间", "--at", "2026-11-25 10:00", "--todo", "李娜|+2d|带密封圈",
        ])
        try json(shanghai, ["case", "status", "SH01-000001", "resolved"])
        try json(shanghai, ["case", "follow-up", "SH01-000001", "--schedule", "+3d"])
        try json(shanghai, ["case", "follow-up", "SH01-000001", "--result", "satisfied", "--score", "5"])
        try json(shanghai, ["export", "--since", "", "--out", file("sh.ops")])
        try json(beijing, ["import", file("sh.ops")])
        try json(beijing, ["case", "set", "SH01-000001", "level", "L2"])
        try json(shanghai, ["case", "set", "SH01-000001", "level", "L4"])
        try json(beijing, ["export", "--since", "", "--out", file("bj.ops")])
        try json(shanghai, ["import", file("bj.ops")])
        for arguments in [
            ["case", "show", "SH01-000001"], ["case", "list"], ["customer", "show", "cust-sh-pudong-1"], ["customer", "list"],
            ["history", "SH01-000001"], ["conflicts"], ["conflicts", "show", "SH01-000001"], ["vector"], ["digest"],
            ["rebuild"], ["backup", file("backup.sqlite")], ["status"], ["peers"], ["doctor"], ["version"],
        ] {
            try json(shanghai, arguments)
        }
        try json(shanghai, ["certs", "ca", "--out", file("ca")])
        try json(shanghai, ["certs", "issue", "sh-pudong", "--ca-dir", file("ca"), "--out", file("node")])
        try json(shanghai, ["certs", "show", file("node") + "/sh-pudong.crt"])

        var times: [String] = []
        var bad: [String] = []
        for (command, output) in outputs {
            let value = try JSONSerialization.jsonObject(with: Data(output.utf8), options: [.fragmentsAllowed])
            Self.scan(value, path: command, times: &times, bad: &bad)
        }
        #expect(bad.isEmpty, "times not in ISO 8601: \(bad)")
        // The scan saw the kinds of times there are: write times, entry times, field times and the reports'.
        for expected in [".at", ".due", ".scheduledFor", ".doneAt", ".opened_at", ".generatedAt", ".expires"] {
            #expect(times.contains { $0.hasSuffix(expected) }, "no \(expected) among \(times)")
        }
    }
}
