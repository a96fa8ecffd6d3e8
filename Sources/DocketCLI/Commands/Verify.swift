import ArgumentParser
import DocketAdmin
import DocketCore
import DocketSync
import Foundation

struct Verify: AsyncDocketCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Compare this replica's state with a peer's at a common version vector.",
        discussion: "Needs the daemon running and connected to the peer. Reports agreement, or the first records that differ."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The peer's node id.") var peer: String

    func execute() async throws {
        let settings = try self.global.settings()
        _ = try NodeID(self.peer)
        // The config must describe the replica the daemon serves, as for every command; reading its node
        // state is enough, and costs far less than a whole status report.
        _ = try settings.openReplica()
        let reply: AdminClient.Reply
        do {
            reply = try await AdminClient.get("/verify?peer=\(self.peer)", socketPath: settings.adminSocketPath)
        } catch {
            throw InputError(field: "daemon", "the daemon is not running here; start 'docket serve' to verify against peers")
        }
        guard reply.status == 200 else {
            let message = (try? JSONDecoder().decode(AdminErrorReply.self, from: reply.body))?.error.message
            throw InputError(field: "verify", message ?? "the daemon answered \(reply.status)")
        }
        let report = try JSONForm.makeDecoder().decode(VerifyReport.self, from: reply.body)
        if self.global.json {
            try printJSON(report)
        } else {
            print(StatusText.render(report))
        }
        if report.outcome != .agree { throw ExitCode(2) }
    }
}

/// The admin endpoint's refusal, `{"error":{"message":…}}`.
private struct AdminErrorReply: Decodable {
    struct Detail: Decodable {
        let message: String
    }

    let error: Detail
}
