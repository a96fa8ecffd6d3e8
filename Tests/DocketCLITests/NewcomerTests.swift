import DocketTestSupport
import Foundation
import Testing

/// What a person meets in their first minutes with `docket`: the version, help that says where things
/// live, suggestions for typos, and output that says what it shows.
@Suite struct NewcomerTests {
    let temporary: TemporaryDirectory
    let office: DocketProcess

    init() throws {
        self.temporary = try TemporaryDirectory()
        self.office = self.temporary.office("sh", staff: "王磊")
        try self.office.ok(["init", "--node", "sh-pudong", "--office", "SH01"])
    }

    @Test func theVersionIsShownByFlagCommandAndStatus() throws {
        let flag = try self.office.ok(["--version"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(flag.split(separator: ".").count == 3, "\(flag)")
        #expect(try self.office.ok(["version"]).trimmingCharacters(in: .whitespacesAndNewlines) == flag)
        #expect((try self.office.json(["version"]) as? [String: Any])?["version"] as? String == flag)
        #expect(try self.office.ok(["status"]).contains("version"))
        #expect(try self.office.ok(["status"]).contains(flag))
        #expect((try self.office.json(["status"]) as? [String: Any])?["version"] as? String == flag)
    }

    /// One line, exit 64, the nearest command named, and nothing written.
    func expectSuggestion(_ arguments: [String], _ line: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try self.office.ok(["digest"])
        let outcome = try self.office.run(arguments)
        #expect(outcome.status == 64, sourceLocation: sourceLocation)
        #expect(outcome.stderr == "error: \(line)\n", sourceLocation: sourceLocation)
        #expect(outcome.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(try self.office.ok(["digest"]) == before, sourceLocation: sourceLocation)
    }

    @Test func aMistypedCommandGetsDidYouMean() throws {
        try self.expectSuggestion(["stauts"], "unknown command 'stauts'; did you mean 'status'?")
        try self.expectSuggestion(["case", "shwo", "SH01-000001"], "unknown command 'case shwo'; did you mean 'case show'?")
        try self.expectSuggestion(
            ["--data-dir", self.office.dataDirectory.path, "custmer", "add", "--name", "张伟"],
            "unknown command 'custmer'; did you mean 'customer'?")
        try self.expectSuggestion(["certs", "isue", "bj-chaoyang"], "unknown command 'certs isue'; did you mean 'certs issue'?")
        try self.expectSuggestion(["xyzzy"], "unknown command 'xyzzy'; see 'docket --help'")
    }

    @Test func theTopLevelHelpSaysWhereTheReplicaLivesWhoIsRecordedAndThatJSONIsEverywhere() throws {
        let help = try DocketProcess.run(["--help"], environment: ["COLUMNS": "100"]).stdout
        for phrase in ["--data-dir", "$DOCKET_DATA_DIR", "~/.local/share/docket", "--as", "$DOCKET_STAFF", "--json",
                       "--generate-completion-script"] {
            #expect(help.contains(phrase), "\(phrase) in:\n\(help)")
        }
    }

    @Test func completionScriptsAreGenerated() throws {
        for shell in ["bash", "zsh", "fish"] {
            let outcome = try DocketProcess.run(["--generate-completion-script", shell], environment: [:])
            #expect(outcome.status == 0)
            #expect(outcome.stdout.contains("docket"))
        }
    }

    @Test func anEmptyVectorIsSaidToBeEmpty() throws {
        let outcome = try self.office.run(["vector"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.isEmpty, "stays usable as --since \"$(docket vector)\"")
        #expect(outcome.stderr == "the vector is empty: this replica holds no operations yet\n")
        #expect((try self.office.json(["vector"]) as? [String: Any])?.isEmpty == true, "--json stays {}")
        try self.office.ok(["customer", "add", "--name", "张伟"])
        #expect(try self.office.run(["vector"]).stderr.isEmpty)
    }

    @Test func caseShowLabelsTheHandoffContext() throws {
        try self.office.ok(["customer", "add", "--name", "张伟"])
        try self.office.ok([
            "case", "open", "--customer", "cust-sh-pudong-1", "--channel", "hotline", "--category", "repair_quality",
            "--level", "L3", "--emotion", "angry", "--summary", "空调维修后仍然漏水", "--department", "客服中心",
            "--owner", "王磊",
        ])
        try self.office.ok([
            "case", "handoff", "SH01-000001", "--to-department", "技术支持部", "--to-owner", "李娜",
            "--reason", "需要工程师判断漏水原因", "--background", "金卡客户，第二次报修",
            "--problem", "更换密封圈后仍漏水", "--measures", "已致歉并登记复检需求",
        ])
        let show = try self.office.ok(["case", "show", "SH01-000001"])
        for label in ["reason: 需要工程师判断漏水原因", "customer background: 金卡客户，第二次报修",
                      "problem details: 更换密封圈后仍漏水", "measures taken: 已致歉并登记复检需求"] {
            #expect(show.contains(label), "\(label) in:\n\(show)")
        }
    }
}
