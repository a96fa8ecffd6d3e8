import DocketTestSupport
import Foundation
import Testing

@Suite(.serialized) struct DemoTests {
    @Test func demoConvergesLiveAndShowsTheSameConflictAtEveryOffice() throws {
        let temporary = try TemporaryDirectory()
        let directory = temporary.url.appendingPathComponent("demo").path
        let outcome = try DocketProcess.run(["demo", "--dir", directory], environment: [:])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("All three converged live"))
        #expect(outcome.stdout.contains("Beijing is back. All three hold bj-chaoyang:5,hq:2,sh-pudong:3 with the same state digest"))
        let conflictLines = outcome.stdout.split(separator: "\n").filter { $0.contains("sees a conflict on SH01-000001 status") }
        #expect(conflictLines.count == 3)
        #expect(conflictLines.allSatisfy {
            $0.contains("resolved (赵敏 at bj-chaoyang) vs investigating (王磊 at sh-pudong); shown as investigating")
        })
        #expect(outcome.stdout.contains("overdue everywhere: BJ01-000001 (commitment)"))

        // The daemons were stopped, and the printed commands work on what the demo left behind.
        let headquarters = DocketProcess(dataDirectory: URL(fileURLWithPath: directory).appendingPathComponent("hq"), staff: "孙丽")
        #expect(try headquarters.ok(["status"]).contains("NOT RUNNING"))
        #expect(try headquarters.ok(["case", "list"]).contains("conflict:status"))
        let beijing = DocketProcess(dataDirectory: URL(fileURLWithPath: directory).appendingPathComponent("bj-chaoyang"), staff: "主管孙丽")
        try beijing.ok(["conflicts", "resolve", "SH01-000001", "status", "--pick", "2"])
        #expect(try DocketProcess.run(["demo", "--dir", directory], environment: [:]).status != 0)
    }
}
