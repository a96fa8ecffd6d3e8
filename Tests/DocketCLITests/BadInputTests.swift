import DocketTestSupport
import Foundation
import Testing

/// Bad input gets one line naming the problem, a non-zero exit, and leaves the replica as it was.
@Suite struct BadInputTests {
    let temporary: TemporaryDirectory
    let office: DocketProcess

    init() throws {
        self.temporary = try TemporaryDirectory()
        self.office = try self.temporary.shanghaiWithCustomer()
        try self.office.ok(self.openArguments)
    }

    var openArguments: [String] {
        [
            "case", "open", "--customer", "cust-sh-pudong-1", "--channel", "phone", "--category", "delivery",
            "--level", "L2", "--emotion", "dissatisfied", "--summary", "快递延误三天未送达", "--department", "物流部",
            "--owner", "陈静",
        ]
    }

    /// Runs `arguments`, expects failure with a single `error:` line mentioning `field`, and an unchanged replica.
    func expectRefused(_ arguments: [String], naming field: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try self.office.expectRefused(arguments, saying: field, status: nil, sourceLocation: sourceLocation)
    }

    func replacing(_ option: String, with value: String) -> [String] {
        var arguments = self.openArguments
        arguments[arguments.firstIndex(of: option)! + 1] = value
        return arguments
    }

    @Test func unknownVocabularyWordsNameTheirField() throws {
        try self.expectRefused(self.replacing("--level", with: "L9"), naming: "level: 'L9' is not one of L1, L2, L3, L4")
        try self.expectRefused(self.replacing("--channel", with: "传真"), naming: "channel")
        try self.expectRefused(self.replacing("--emotion", with: "happy"), naming: "emotion")
        try self.expectRefused(["case", "status", "SH01-000001", "done"], naming: "status")
        try self.expectRefused(["customer", "add", "--name", "王芳", "--tier", "platinum"], naming: "tier")
        try self.expectRefused(["case", "tag", "SH01-000001", "pricing", "--feedback"], naming: "feedback_dims")
    }

    @Test func handoffWithoutItsContextIsRefused() throws {
        let handoff = [
            "case", "handoff", "SH01-000001", "--to-department", "财务部", "--to-owner", "刘洋",
            "--reason", "需要退款审批", "--background", "老客户", "--problem", "重复扣款",
        ]
        try self.expectRefused(handoff + ["--measures", "  "], naming: "measures_taken")
        try self.expectRefused(handoff, naming: "--measures")
    }

    @Test func illegalStatusMovesAreRefused() throws {
        try self.office.ok(["case", "status", "SH01-000001", "investigating"])
        try self.expectRefused(["case", "status", "SH01-000001", "received"], naming: "status")
        try self.expectRefused(["case", "status", "SH01-000001", "investigating"], naming: "already investigating")
        try self.expectRefused(["case", "status", "SH01-000001", "closed"], naming: "reason")
        try self.office.ok(["case", "status", "SH01-000001", "resolved"])
        try self.expectRefused(["case", "status", "SH01-000001", "investigating"], naming: "reason")
    }

    @Test func unknownRecordsAreRefused() throws {
        try self.expectRefused(["case", "show", "SH01-999999"], naming: "case")
        try self.expectRefused(["case", "status", "SH01-999999", "resolved"], naming: "case")
        try self.expectRefused(self.replacing("--customer", with: "cust-nowhere-1"), naming: "customer")
        try self.expectRefused(["case", "accept", "SH01-000001", "sh-pudong:1"], naming: "handoff")
        try self.expectRefused(["case", "fulfil", "SH01-000001", "not-a-ref"], naming: "commitment")
    }

    @Test func absurdLengthsAndInvalidTextAreRefused() throws {
        try self.expectRefused(self.replacing("--summary", with: String(repeating: "漏", count: 20_000)), naming: "summary")
        try self.expectRefused(self.replacing("--summary", with: "bell\u{07}"), naming: "summary")
        try self.expectRefused(["case", "commit", "SH01-000001", "--text", "回电", "--owner", "陈静", "--due", "明天"], naming: "due")
        try self.expectRefused(["case", "remedy", "SH01-000001", "--kind", "refund", "--text", "退款", "--amount", "12,5"], naming: "remedy.amount")
        try self.expectRefused(["export", "--since", "sh-pudong:x", "--out", "/dev/null"], naming: "since")
    }

    @Test func invalidUTF8ArgumentsAreRefused() throws {
        // Process cannot pass raw bytes, so a shell builds the argument.
        let before = try self.office.ok(["digest"])
        let script = "\"$0\" customer add --name \"$(printf 'bad\\377name')\""
        let outcome = try DocketProcess.run(
            ["-c", script, DocketProcess.binary.path],
            environment: ["DOCKET_DATA_DIR": self.office.dataDirectory.path, "DOCKET_STAFF": "王磊"],
            executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(outcome.status != 0)
        #expect(outcome.stderr == "error: name: is not valid UTF-8 text\n")
        #expect(try self.office.ok(["digest"]) == before)
    }

    @Test func truncatedOrTamperedImportFilesAreRefusedWhole() throws {
        // Certificates from one CA, so the good file is accepted.
        let signing = try TestSigning(in: self.temporary.url)
        try signing.configure(self.office, as: "sh-pudong")
        let other = try signing.office(in: self.temporary, "bj", staff: "赵敏", node: "bj-chaoyang")
        try other.ok(["init", "--node", "bj-chaoyang"])
        try other.ok(["customer", "add", "--name", "周杰", "--notes", "多次来电投诉"])
        try other.ok(["customer", "set", "cust-bj-chaoyang-1", "tier", "silver"])
        let path = self.temporary.url.appendingPathComponent("bj.ops").path
        try other.ok(["export", "--out", path])
        let good = try Data(contentsOf: URL(fileURLWithPath: path))

        // One bit flipped inside the first operation's line (its body is base64, so no text shows there).
        var flipped = good
        let operationLine = good.split(separator: 0x0A)[1]
        flipped[operationLine.startIndex + operationLine.count / 2] ^= 0x01
        let truncated = good.prefix(good.count - 30)
        let cases: [(Data, String)] = [(flipped, "file"), (truncated, "truncated"), (Data("hello\n".utf8), "file")]
        for (content, field) in cases {
            let bad = self.temporary.url.appendingPathComponent("bad-\(UUID().uuidString).ops")
            try content.write(to: bad)
            try self.expectRefused(["import", bad.path], naming: field)
        }
        try self.expectRefused(["import", "/nonexistent/file.ops"], naming: "file")
        // The good file still applies.
        #expect(try self.office.ok(["import", path]).contains("2 applied"))
    }

    @Test func badConfigStopsWithTheKeyNamed() throws {
        let config = self.temporary.url.appendingPathComponent("docket.toml")
        try "[service_targets.L1]\nrespond = \"soon\"\n".write(to: config, atomically: true, encoding: .utf8)
        try self.expectRefused(["case", "list", "--config", config.path], naming: "service_targets.L1.respond")
        try "[node]\nidd = \"sh-pudong\"\n".write(to: config, atomically: true, encoding: .utf8)
        try self.expectRefused(["case", "list", "--config", config.path], naming: "node.idd")
    }
}

@Suite struct ConfigFileTests {
    @Test func theExampleConfigIsValidAndApplied() throws {
        let temporary = try TemporaryDirectory()
        let example = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("config/docket.example.toml")
        let office = temporary.office("sh", staff: "王磊")
        let output = try office.ok(["init", "--config", example.path])
        #expect(output.contains("sh-pudong (office SH01)"))
    }
}

@Suite struct InitTests {
    @Test func officeCodeDefaultsToTheNodeIdsLettersAndDigits() throws {
        let temporary = try TemporaryDirectory()
        #expect(try temporary.office("a", staff: "x").ok(["init", "--node", "sh-pudong"]).contains("office SHPUDONG"))
        #expect(try temporary.office("b", staff: "x").ok(["init", "--node", "guangzhou-tianhe-2"]).contains("office GUANGZHO"))
        #expect(try temporary.office("c", staff: "x").ok(["init", "--node", "q"]).contains("office Q0"))
        let twice = try temporary.office("a", staff: "x").run(["init", "--node", "sh-pudong"])
        #expect(twice.status == 1 && twice.stderr.contains("already exists"))
    }
}
