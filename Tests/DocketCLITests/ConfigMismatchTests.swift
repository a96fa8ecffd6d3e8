import DocketTestSupport
import Foundation
import Testing

/// A config that describes another replica than the one in the data directory is said to, in one line,
/// by every command: another node id is refused, another office code is a warning.
@Suite struct ConfigMismatchTests {
    let temporary: TemporaryDirectory
    let office: DocketProcess

    init() throws {
        self.temporary = try TemporaryDirectory()
        self.office = try self.temporary.shanghaiWithCustomer()
    }

    static let commands: [[String]] = [
        ["status"], ["peers"], ["digest"], ["vector"], ["case", "list"], ["customer", "list"], ["conflicts"],
        ["history", "cust-sh-pudong-1"], ["doctor"], ["customer", "add", "--name", "李娜"],
    ]

    func run(_ arguments: [String], config: String) throws -> DocketProcess.Outcome {
        let file = self.temporary.url.appendingPathComponent("docket-\(UUID().uuidString).toml")
        try config.write(to: file, atomically: true, encoding: .utf8)
        return try DocketProcess.run(arguments, environment: [
            "DOCKET_DATA_DIR": self.office.dataDirectory.path, "DOCKET_STAFF": "王磊", "DOCKET_CONFIG": file.path,
        ])
    }

    @Test func aConfigNamingAnotherNodeIsRefusedByEveryCommand() throws {
        let before = try self.office.ok(["digest"])
        for command in Self.commands {
            let outcome = try self.run(command, config: "[node]\nid = \"bj-chaoyang\"\n")
            #expect(outcome.status == 1, "\(command): \(outcome.stdout)")
            #expect(outcome.stderr.split(separator: "\n").count == 1, "\(command): \(outcome.stderr)")
            #expect(outcome.stderr.hasPrefix("error: node.id: the config"), "\(command): \(outcome.stderr)")
            #expect(outcome.stderr.contains("names bj-chaoyang but the replica at"), "\(command): \(outcome.stderr)")
            #expect(outcome.stderr.contains("belongs to sh-pudong"), "\(command): \(outcome.stderr)")
        }
        #expect(try self.office.ok(["digest"]) == before)
    }

    @Test func aConfigNamingAnotherOfficeCodeIsWarnedAboutByEveryCommand() throws {
        for command in Self.commands where command != ["doctor"] {
            let outcome = try self.run(command + ["--json"], config: "[node]\nid = \"sh-pudong\"\noffice = \"BJ01\"\n")
            #expect(outcome.status == 0, "\(command): \(outcome.stderr)")
            #expect(
                outcome.stderr == "warning: node.office: the config says BJ01 but the replica's office code is SH01, "
                    + "fixed when it was created; SH01 is used (set node.office = \"SH01\")\n",
                "\(command): \(outcome.stderr)")
            #expect((try? JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8))) != nil, "\(command): JSON stays clean")
        }
    }
}
