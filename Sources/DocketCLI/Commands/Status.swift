import ArgumentParser
import DocketAdmin
import DocketStore
import DocketSync
import Foundation

struct Status: AsyncDocketCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "This node's replica, its peers, conflicts, overdue work and certificate.",
        discussion: "Live figures come from the running daemon; when it is not running, what the replica alone knows is shown and said so."
    )

    @OptionGroup var global: GlobalOptions

    func execute() async throws {
        let settings = try self.global.settings()
        let report = try await Self.report(settings: settings)
        if self.global.json {
            try printJSON(report)
        } else {
            print(StatusText.render(report))
        }
    }

    /// The daemon's live report, or one built from the replica when no daemon answers.
    static func report(settings: Settings) async throws -> StatusReport {
        if let reply = try? await AdminClient.get("/status", socketPath: settings.adminSocketPath), reply.status == 200 {
            let report = try StatusReport.decode(reply.body)
            // The daemon answers for its replica; a config naming another node or office is said here too.
            try settings.checkConfigured(node: report.node, office: report.office)
            return report
        }
        let replica = try settings.openReplica()
        return try StatusReport.make(
            replica: replica, targets: settings.serviceTargets, now: Date(),
            certificatePath: settings.tlsConfiguration(node: replica.node.rawValue)?.certificatePath, sync: nil,
            configuredPeers: settings.sync.peers.map { PeerStatus(node: $0.node.rawValue, address: "\($0.host):\($0.port)") },
            maximumClockLeadMillis: settings.sync.maximumClockLeadMillis)
    }
}
