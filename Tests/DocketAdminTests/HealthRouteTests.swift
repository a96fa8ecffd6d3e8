import Foundation
import NIOHTTP1
import Testing

@testable import DocketAdmin

/// `/health` says ok only when nothing is wrong, and otherwise fails with every reason.
@Suite struct HealthRouteTests {
    static func routes(problems: [String]) -> AdminRoutes {
        AdminRoutes(
            status: { throw AdminError("no status in this test") },
            verify: { _ in Data() },
            health: { problems })
    }

    @Test func healthIsOkWhenNothingIsWrong() async {
        let response = await Self.routes(problems: []).respond(method: .GET, uri: "/health")
        #expect(response.status == .ok)
        #expect(String(decoding: response.body, as: UTF8.self) == "ok\n")
    }

    @Test func healthFailsWithEveryReason() async {
        let response = await Self.routes(problems: ["the replica /srv/docket/replica.sqlite was deleted while the daemon was running"])
            .respond(method: .GET, uri: "/health", listenerProblems: ["admin.address 127.0.0.1:7421 stopped: 连接已关闭"])
        #expect(response.status == .serviceUnavailable)
        #expect(
            String(decoding: response.body, as: UTF8.self) == """
                unhealthy: the replica /srv/docket/replica.sqlite was deleted while the daemon was running
                unhealthy: admin.address 127.0.0.1:7421 stopped: 连接已关闭

                """)
    }
}
