import ArgumentParser
import DocketAdmin
import DocketCore
import DocketStore
import DocketTLS
import Foundation

struct Doctor: AsyncDocketCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the replica, its certificates and its peers' clocks, and say what needs attention.",
        discussion: """
            Runs SQLite's integrity check, rebuilds a consistent copy of the replica from its log and compares it
            with the live tables (the live replica is not touched), checks the certificate files, their pairing
            and expiry, and, with the daemon running, warns of peers whose clocks differ by more than a minute.
            Exits 0 when all is well or there are only warnings, 2 when a check failed.
            """
    )

    @OptionGroup var global: GlobalOptions

    enum Level: String, Encodable { case ok, warning, failed }

    struct Check: Encodable {
        let name: String
        let level: Level
        let detail: String
    }

    func execute() async throws {
        let settings = try self.global.settings()
        var checks: [Check]
        do {
            checks = try await Self.checks(replica: try settings.openReplica(), settings: settings)
        } catch let error as StoreError {
            // A replica that cannot be opened or read is the failed check itself, with what to do about it.
            guard case .unusable = error else { throw error }
            checks = [Check(name: "replica", level: .failed, detail: error.description)]
        }

        if self.global.json {
            try printJSON(checks)
        } else {
            var table = Table("check", "result", "detail")
            for check in checks { table.add(check.name, check.level.rawValue, check.detail) }
            print(table.render())
        }
        if checks.contains(where: { $0.level == .failed }) { throw ExitCode(2) }
    }

    static func checks(replica: Replica, settings: Settings) async throws -> [Check] {
        var checks: [Check] = []
        let integrity = try replica.integrityCheck()
        if integrity != ["ok"] {
            let problems = integrity.prefix(5).joined(separator: "; ")
            // Nothing else can be trusted from a damaged file, and restoring it is the next step.
            return [Check(name: "integrity", level: .failed, detail: StoreError.unusable(
                path: replica.path, problem: "is damaged (\(problems))").description)]
        }
        checks.append(Check(name: "integrity", level: .ok, detail: "PRAGMA integrity_check: ok"))
        checks.append(try Self.rebuildCheck(replica))
        checks.append(contentsOf: Self.certificateChecks(settings: settings, node: replica.node))
        checks.append(contentsOf: try Self.clockLeadChecks(replica: replica, settings: settings))
        checks.append(contentsOf: try Self.chainChecks(replica: replica))
        checks.append(contentsOf: await Self.clockChecks(settings: settings))
        return checks
    }

    /// With the daemon running, warns of peers whose clocks are far from ours.
    static func clockChecks(settings: Settings) async -> [Check] {
        guard let reply = try? await AdminClient.get("/status", socketPath: settings.adminSocketPath), reply.status == 200,
            let report = try? StatusReport.decode(reply.body)
        else {
            return [Check(name: "peers", level: .warning, detail: "the daemon is not running: peer clocks not checked")]
        }
        return report.peers.compactMap { peer in
            guard let skew = peer.clockSkewMilliseconds else { return nil }
            let seconds = Double(skew) / 1000
            return abs(skew) > 60_000
                ? Check(name: "clock \(peer.node)", level: .warning,
                        detail: String(format: "%@'s clock is %+.0f s from ours; merging is unaffected, but times shown will be off — check NTP", peer.node, seconds))
                : Check(name: "clock \(peer.node)", level: .ok, detail: String(format: "within %.1f s", abs(seconds)))
        }
    }

    /// Rebuilds a consistent copy from its log and compares, so the live replica is never modified.
    static func rebuildCheck(_ replica: Replica) throws -> Check {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("docket-doctor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let copyPath = directory.appendingPathComponent("replica.sqlite").path
        _ = try replica.backup(to: copyPath)
        let report = try Replica.open(at: copyPath).rebuild()
        return report.isIdentical
            ? Check(name: "rebuild", level: .ok, detail: "\(report.operations) operations replayed; tables match the log")
            : Check(name: "rebuild", level: .failed,
                    detail: report.digestBefore == report.digestAfter
                        ? "register_values holds other rows than the log gives; run 'docket rebuild'"
                        : "the tables differ from what the log gives; run 'docket rebuild' (digest \(report.digestBefore.prefix(12)) → \(report.digestAfter.prefix(12)))")
    }

    static func certificateChecks(settings: Settings, node: NodeID) -> [Check] {
        guard let configuration = settings.tlsConfiguration(node: node.rawValue) else {
            return [Check(name: "certificate", level: .warning,
                          detail: "none configured; 'docket serve' will create development certificates")]
        }
        var checks: [Check] = []
        do {
            let context = try TLSContext(configuration: configuration)
            let identity = context.localIdentity
            if identity.nodeID != node.rawValue {
                checks.append(Check(name: "certificate", level: .failed,
                                    detail: "names \(identity.nodeID) but this replica is \(node)"))
            } else if let expiry = identity.certificateNotAfter {
                let days = StatusReport.daysLeft(until: expiry, now: Date())
                let when = TimeText.display(Int64(expiry.timeIntervalSince1970 * 1000))
                checks.append(days < 0
                    ? Check(name: "certificate", level: .failed, detail: "expired \(when)")
                    : days < 30
                        ? Check(name: "certificate", level: .warning, detail: "expires \(when), in \(days) days: issue a new one")
                        : Check(name: "certificate", level: .ok, detail: "\(identity.nodeID), key matches, expires \(when)"))
            }
        } catch {
            checks.append(Check(name: "certificate", level: .failed, detail: "\(error)"))
        }
        return checks
    }
}
