import DocketTestSupport
import Foundation
import Testing

@Suite struct DemoTests {
    @Test func demoConvergesAndShowsTheSameConflictAtBothOffices() throws {
        let temporary = try TemporaryDirectory()
        let directory = temporary.url.appendingPathComponent("demo").path
        let outcome = try DocketProcess.run(["demo", "--dir", directory], environment: [:])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("state digests agree"))
        let conflictLines = outcome.stdout.split(separator: "\n").filter { $0.contains("sees a conflict on SH01-000001 status") }
        #expect(conflictLines.count == 2)
        #expect(conflictLines.allSatisfy { $0.contains("resolved (by 赵敏 at bj-chaoyang) vs investigating (by 王磊 at sh-pudong); shown as investigating") })
        #expect(outcome.stdout.contains("Overdue at SH01: SH01-000002 (commitment)"))

        // The printed follow-up commands work against what the demo left behind.
        let shanghai = DocketProcess(dataDirectory: URL(fileURLWithPath: directory).appendingPathComponent("sh-pudong"), staff: "王磊")
        let listed = try shanghai.ok(["case", "list"])
        #expect(listed.contains("conflict:status"))
        #expect(try DocketProcess.run(["demo", "--dir", directory], environment: [:]).status != 0)
    }
}
