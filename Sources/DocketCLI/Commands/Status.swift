import ArgumentParser
import DocketAdmin
import DocketCore
import DocketStore
import DocketSync
import Foundation

struct Status: AsyncDocketCommand {
    static let configuration = CommandConfiguration(
        abstract: "This node's replica, its peers, conflicts, overdue work and certificate.",
        discussion: "Live figures come from the running daemon; when it is not running, what the replica alone knows is shown and said so."
    )

    @OptionGroup var global: GlobalOptions

    func execute() async throws {
        let settings = try self.global.settings()
        let report = try await Self.report(settings: settings)
        if self.global.json {
            FileHandle.standardOutput.write(try report.encoded())
            print()
        } else {
            print(StatusText.render(report))
        }
    }

    /// The daemon's live report, or one built from the replica when no daemon answers.
    static func report(settings: Settings) async throws -> StatusReport {
        if let reply = try? await AdminClient.get("/status", socketPath: settings.adminSocketPath), reply.status == 200 {
            return try StatusReport.decode(reply.body)
        }
        let replica = try Replica.open(at: settings.databasePath)
        return try StatusReport.make(
            replica: replica, targets: settings.serviceTargets, now: Date(),
            certificatePath: settings.tlsConfiguration(node: replica.node.rawValue)?.certificatePath, sync: nil,
            configuredPeers: settings.sync.peers.map { PeerStatus(node: $0.node.rawValue, address: "\($0.host):\($0.port)") })
    }
}

struct Peers: AsyncDocketCommand {
    static let configuration = CommandConfiguration(abstract: "Each peer: connected or not, since when, last sync, lag each way, last error.")

    @OptionGroup var global: GlobalOptions

    func execute() async throws {
        let report = try await Status.report(settings: try self.global.settings())
        if self.global.json {
            try printJSON(report.peers)
        } else {
            if !report.daemon.running { print("The daemon is not running; peers as configured:") }
            print(StatusText.peerTable(report.peers))
        }
    }
}

struct Verify: AsyncDocketCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare this replica's state with a peer's at a common version vector.",
        discussion: "Needs the daemon running and connected to the peer. Reports agreement, or the first records that differ."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The peer's node id.") var peer: String

    func execute() async throws {
        let settings = try self.global.settings()
        _ = try NodeID(self.peer)
        let reply: AdminClient.Reply
        do {
            reply = try await AdminClient.get("/verify?peer=\(self.peer)", socketPath: settings.adminSocketPath)
        } catch {
            throw InputError(field: "daemon", "the daemon is not running here; start 'docket serve' to verify against peers")
        }
        guard reply.status == 200 else {
            let message = (try? JSONSerialization.jsonObject(with: reply.body) as? [String: [String: String]])?["error"]?["message"]
            throw InputError(field: "verify", message ?? "the daemon answered \(reply.status)")
        }
        let report = try JSONDecoder().decode(VerifyReport.self, from: reply.body)
        if self.global.json {
            FileHandle.standardOutput.write(reply.body)
            print()
        } else {
            print(StatusText.render(report))
        }
        if report.outcome != .agree { throw ExitCode(2) }
    }
}
