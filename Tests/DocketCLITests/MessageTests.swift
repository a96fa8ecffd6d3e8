import DocketTestSupport
import Foundation
import Testing

/// Failures say what happened, in one line: a file as the data directory, an out-of-range config integer,
/// an unknown case in `history` or `conflicts`.
@Suite struct MessageTests {
    let temporary: TemporaryDirectory
    let office: DocketProcess

    init() throws {
        self.temporary = try TemporaryDirectory()
        self.office = try self.temporary.shanghaiWithCustomer()
    }

    @Test func aDataDirectoryThatIsAFileIsSaidInOneLine() throws {
        let file = self.temporary.url.appendingPathComponent("文件.txt")
        try Data("不是目录".utf8).write(to: file)
        for arguments in [["init", "--node", "bj-chaoyang"], ["case", "list"], ["digest"]] {
            for directory in [file.path, file.appendingPathComponent("sub").path] {
                let outcome = try self.office.run(arguments + ["--data-dir", directory])
                #expect(outcome.status == 1)
                #expect(outcome.stderr.hasPrefix("error: data-dir: \(directory) "), "\(outcome.stderr)")
                #expect(outcome.stderr.contains("the data directory must be a directory"))
                #expect(outcome.stderr.split(separator: "\n").count == 1)
                #expect(!outcome.stderr.contains("NSCocoaErrorDomain"))
            }
        }
        #expect(FileManager.default.contents(atPath: file.path) == Data("不是目录".utf8))
    }

    @Test func aHugeConfigIntegerIsOutOfRange() throws {
        let config = self.temporary.url.appendingPathComponent("docket.toml")
        try "[sync]\nwindow = 99999999999999999999\n".write(to: config, atomically: true, encoding: .utf8)
        try self.office.expectRefused(
            ["case", "list", "--config", config.path],
            saying: "line 2: 99999999999999999999 is out of range (integers go up to 9223372036854775807)")
        try "[sync]\nwindow = -99999999999999999999\n".write(to: config, atomically: true, encoding: .utf8)
        try self.office.expectRefused(["case", "list", "--config", config.path], saying: "out of range")
        try "[sync]\nwindow = 9223372036854775807\n".write(to: config, atomically: true, encoding: .utf8)
        try self.office.expectRefused(["case", "list", "--config", config.path], saying: "sync.window: must be between 1 and 64")
    }

    @Test func historyAndConflictsOnAnUnknownCaseSaySo() throws {
        for command in [["history"], ["conflicts", "show"]] {
            try self.office.expectRefused(command + ["SH01-999999"], saying: "case: no case or customer 'SH01-999999'")
        }
        try self.office.expectRefused(
            ["conflicts", "resolve", "SH01-999999", "status", "--pick", "1"], saying: "no case or customer 'SH01-999999'")
        #expect(try self.office.ok(["history", "cust-sh-pudong-1"]).contains("sh-pudong:1"))
    }
}
