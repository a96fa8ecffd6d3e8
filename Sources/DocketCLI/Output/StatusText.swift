import DocketAdmin
import DocketSync
import Foundation

/// Human renderings of status and verify reports.
enum StatusText {
    static func render(_ report: StatusReport) -> String {
        var table = Table("", "")
        table.add("node", "\(report.node) (office \(report.office))")
        table.add("version", report.version + (report.schemaVersion.map { " (schema \($0))" } ?? ""))
        if report.daemon.running {
            let since = report.daemon.startedAt.map { TimeText.display(Int64($0.timeIntervalSince1970 * 1000)) } ?? "-"
            table.add("daemon", "running since \(since)" + (report.daemon.listen.map { ", peers on \($0)" } ?? ""))
            for problem in report.daemon.problems ?? [] {
                table.add("UNHEALTHY", problem)
            }
        } else {
            table.add("daemon", "NOT RUNNING — figures below are what the replica alone knows")
        }
        let vector = report.vector.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: ",")
        table.add("vector", vector.isEmpty ? "(empty)" : vector)
        table.add("records", "\(report.counts.operations) operations, \(report.counts.cases) cases, \(report.counts.customers) customers")
        table.add("conflicts", report.openConflicts == 0 ? "none" : "\(report.openConflicts) open (docket conflicts)")
        table.add("overdue", "\(report.overdueCases) cases, \(report.overdueCommitments) commitments (docket case list --overdue)")
        table.add("database", Self.bytes(report.databaseBytes))
        if let certificate = report.certificate {
            let expires = certificate.expiresAt.map { TimeText.display(Int64($0.timeIntervalSince1970 * 1000)) } ?? "-"
            let warning = (certificate.daysLeft ?? 999) < 30 ? "  RENEW SOON" : ""
            table.add("certificate", "\(certificate.node), expires \(expires) (\(certificate.daysLeft ?? 0) days)\(warning)")
        } else {
            table.add("certificate", "none found")
        }
        for lead in report.clockLeads ?? [] where lead.beyondBound {
            table.add("CLOCK AHEAD", Self.describe(lead))
        }
        for evidence in report.equivocations ?? [] {
            table.add("EQUIVOCATION", Self.describe(evidence))
        }
        if let recovery = report.recovery {
            table.add("RECOVERING", Self.describe(recovery))
        }
        for note in Self.versionNotes(report.peers, localSchema: report.schemaVersion) {
            table.add(note.label, note.text)
        }
        var text = table.render().split(separator: "\n").dropFirst().joined(separator: "\n")
        text += "\n\n" + (report.peers.isEmpty ? "No peers configured or connected." : Self.peerTable(report.peers))
        return text
    }

    /// `bj-chaoyang writes timestamps 74 years ahead of this clock (seen 2026-11-23 18:30)`.
    static func describe(_ lead: StatusReport.ClockLead) -> String {
        "\(lead.office) writes timestamps \(TimeText.span(seconds: lead.leadSeconds)) ahead of this clock "
            + "(seen \(TimeText.display(Int64(lead.seenAt.timeIntervalSince1970 * 1000))))"
    }

    /// `office bj-chaoyang wrote two operations as seq 52 (the other came from peer hq, 2026-11-26 18:30)`.
    static func describe(_ evidence: StatusReport.Equivocation) -> String {
        "office \(evidence.office) wrote two histories at seq \(evidence.seq) (the other came from "
            + "\(evidence.source), \(TimeText.display(Int64(evidence.seenAt.timeIntervalSince1970 * 1000)))); "
            + "the first is kept: see docs/tls.md, 'A stolen key'"
    }

    /// What a restored replica waits for before local writes.
    static func describe(_ recovery: StatusReport.Recovery) -> String {
        if let target = recovery.target {
            return "local writes wait: taking back this office's own operations \(recovery.held + 1)...\(target) from peers"
        }
        return "local writes wait: restored from a backup, holding own operations up to \(recovery.held); "
            + "waiting for a peer to say how far it holds them"
    }

    static func peerTable(_ peers: [PeerStatus]) -> String {
        var table = Table(
            "peer", "version", "connected", "since", "last sync", "they lack", "we lack", "sent", "received", "last error")
        for peer in peers {
            let time: (Date?) -> String = { $0.map { TimeText.display(Int64($0.timeIntervalSince1970 * 1000)) } ?? "-" }
            table.add(
                peer.node + (peer.address.map { " (\($0))" } ?? ""), Self.versions(peer), peer.connected ? "yes" : "no",
                time(peer.connectedSince), time(peer.lastSyncAt), "\(peer.peerIsBehind)", "\(peer.localIsBehind)",
                "\(peer.operationsSent)", "\(peer.operationsReceived)",
                peer.lastError.map { Table.clip($0, to: 50) + " (\(time(peer.lastErrorAt)))" } ?? "-")
        }
        return table.render()
    }

    /// `0.3.0 (protocol 2, schema 1)`: what the peer's last hello said; `-` before any.
    static func versions(_ peer: PeerStatus) -> String {
        guard let software = peer.software else { return "-" }
        let name = software.hasPrefix("docket ") ? String(software.dropFirst("docket ".count)) : software
        let agreed = peer.protocolVersion.map { "protocol \($0)" } ?? "no common protocol"
        return "\(Table.clip(name, to: 20)) (\(agreed), schema \(peer.schemaVersion.map(String.init) ?? "?"))"
    }

    /// Peers this node cannot speak with, and peers that write or read another schema than this node.
    static func versionNotes(_ peers: [PeerStatus], localSchema: UInt64?) -> [(label: String, text: String)] {
        peers.flatMap { peer -> [(label: String, text: String)] in
            var notes: [(label: String, text: String)] = []
            if let mismatch = peer.versionMismatch {
                notes.append(("UPGRADE", mismatch))
            }
            if let local = localSchema, let schema = peer.schemaVersion, schema != local {
                notes.append(
                    schema > local
                        ? ("NEWER SCHEMA", "\(peer.node) writes schema \(schema), this node knows \(local): "
                            + "its new fields show raw here until this node is upgraded")
                        : ("OLDER SCHEMA", "\(peer.node) knows schema \(schema), this node writes \(local): "
                            + "this node's new fields show raw there until \(peer.node) is upgraded"))
            }
            return notes
        }
    }

    static func render(_ report: VerifyReport) -> String {
        var lines = ["\(report.peer): \(report.outcome.rawValue) — \(report.message)"]
        lines.append("  here   vector \(report.localVector)  digest \(report.localDigest.prefix(16))…")
        lines.append("  peer   vector \(report.peerVector)  digest \(report.peerDigest.prefix(16))…")
        for difference in report.differences {
            lines.append("  differs: \(difference.record)  here \(difference.local?.prefix(12) ?? "absent")  peer \(difference.peer?.prefix(12) ?? "absent")")
        }
        // Record ids and the message come from the peer: escape each line before joining them.
        return lines.map(TerminalText.escaped).joined(separator: "\n")
    }

    static func bytes(_ count: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(count) B" : String(format: "%.1f %@", value, units[unit])
    }
}
