import DocketSync
import Foundation

/// Renders a status report in the Prometheus text exposition format (version 0.0.4).
public enum PrometheusExposition {
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    public static func render(_ report: StatusReport) -> String {
        var out = Output()
        out.metric("docket_up", "gauge", "1 while the daemon is running.", [("", report.daemon.running ? 1 : 0)])
        out.metric(
            "docket_build_info", "gauge", "Always 1: the labels give this node's Docket version and schema version.",
            [("version=\"\(Self.escape(report.version))\",schema=\"\(report.schemaVersion.map(String.init) ?? "")\"", 1)])
        out.metric("docket_operations", "gauge", "Operations in the log.", [("", Double(report.counts.operations))])
        out.metric("docket_cases", "gauge", "Cases in the replica.", [("", Double(report.counts.cases))])
        out.metric("docket_customers", "gauge", "Customers in the replica.", [("", Double(report.counts.customers))])
        out.metric("docket_conflicts_open", "gauge", "Fields whose concurrent writes disagree.", [("", Double(report.openConflicts))])
        out.metric("docket_cases_overdue", "gauge", "Cases with anything overdue now.", [("", Double(report.overdueCases))])
        out.metric(
            "docket_commitments_overdue", "gauge", "Commitments past due and not fulfilled.",
            [("", Double(report.overdueCommitments))])
        out.metric("docket_database_bytes", "gauge", "Size of the replica and its write-ahead log.", [("", Double(report.databaseBytes))])
        if let expires = report.certificate?.expiresAt {
            out.metric(
                "docket_certificate_expiry_timestamp_seconds", "gauge", "When this node's certificate expires.",
                [("", expires.timeIntervalSince1970)])
        }
        let peers = report.peers
        out.metric("docket_peers_connected", "gauge", "Peers with an open authenticated connection.", [("", Double(peers.filter(\.connected).count))])
        out.metric("docket_peer_connected", "gauge", "1 when connected to the peer.", peers.map { (Self.label($0), $0.connected ? 1 : 0) })
        out.metric(
            "docket_peer_operations_sent_total", "counter", "Operations sent to the peer.",
            peers.map { (Self.label($0), Double($0.operationsSent)) })
        out.metric(
            "docket_peer_operations_received_total", "counter", "Operations received from the peer.",
            peers.map { (Self.label($0), Double($0.operationsReceived)) })
        out.metric(
            "docket_peer_lag_operations", "gauge",
            "Operations one side holds that the other lacks (direction peer_behind or local_behind).",
            peers.flatMap {
                [
                    ("\(Self.label($0)),direction=\"peer_behind\"", Double($0.peerIsBehind)),
                    ("\(Self.label($0)),direction=\"local_behind\"", Double($0.localIsBehind)),
                ]
            })
        out.metric(
            "docket_peer_info", "gauge",
            "Always 1: the labels give the peer's software, agreed protocol version (none when refused) and schema version.",
            peers.compactMap(Self.info).map { ($0, 1) })
        out.metric(
            "docket_peer_last_sync_timestamp_seconds", "gauge", "When the peer last held everything this node held.",
            peers.compactMap { peer in peer.lastSyncAt.map { (Self.label(peer), $0.timeIntervalSince1970) } })
        out.metric(
            "docket_clock_lead_seconds", "gauge",
            "Furthest ahead of this node's wall clock an origin's timestamps arrived (0 or absent: never ahead).",
            (report.clockLeads ?? []).map { ("origin=\"\(Self.escape($0.office))\"", $0.leadSeconds) })
        out.metric(
            "docket_equivocations", "gauge",
            "Dots of an origin for which a different operation or signed head arrived (kept as evidence, never applied).",
            Dictionary(grouping: report.equivocations ?? [], by: \.office).sorted { $0.key < $1.key }
                .map { ("origin=\"\(Self.escape($0.key))\"", Double($0.value.count)) })
        out.metric(
            "docket_recovering", "gauge", "1 while a restored replica waits to take back its own operations.",
            [("", report.recovery == nil ? 0 : 1)])
        if let metrics = report.metrics {
            out.metric("docket_operations_applied_total", "counter", "Operations applied from peers.", [("", Double(metrics.operationsApplied))])
            out.metric("docket_frame_errors_total", "counter", "Frames refused as malformed or too large.", [("", Double(metrics.frameErrors))])
            out.metric(
                "docket_tls_handshake_failures_total", "counter", "Connections refused during the TLS handshake.",
                [("", Double(metrics.handshakeFailures))])
            out.metric("docket_refusals_total", "counter", "Connections closed with a protocol refusal.", [("", Double(metrics.refusals))])
            out.metric(
                "docket_forged_refusals_total", "counter",
                "Batches refused because a chain or signature check failed (forged, altered, revoked, unsigned).",
                [("", Double(metrics.forgedRefusals))])
            out.metric(
                "docket_equivocation_refusals_total", "counter",
                "Batches refused because they contradicted an operation or signed head held here.",
                [("", Double(metrics.equivocationRefusals))])
            out.histogram(
                "docket_sync_duration_seconds", "Time from a connection's vector exchange until the peer was caught up.",
                metrics)
        }
        return out.text
    }

    private static func label(_ peer: PeerStatus) -> String {
        "peer=\"\(Self.escape(peer.node))\""
    }

    /// The labels of a peer's `docket_peer_info`, once its hello said them.
    private static func info(_ peer: PeerStatus) -> String? {
        guard let software = peer.software else { return nil }
        let version = software.hasPrefix("docket ") ? String(software.dropFirst("docket ".count)) : software
        return "\(Self.label(peer)),version=\"\(Self.escape(version))\","
            + "protocol=\"\(peer.protocolVersion.map(String.init) ?? "none")\","
            + "schema=\"\(peer.schemaVersion.map(String.init) ?? "")\""
    }

    /// A label value: backslash, quote and line feed escaped, as the format requires (a peer's software
    /// string may hold any of them).
    private static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    private struct Output {
        var text = ""

        mutating func metric(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: Double)]) {
            self.text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for sample in samples {
                let labels = sample.labels.isEmpty ? "" : "{\(sample.labels)}"
                self.text += "\(name)\(labels) \(Self.format(sample.value))\n"
            }
        }

        mutating func histogram(_ name: String, _ help: String, _ metrics: SyncMetrics) {
            self.text += "# HELP \(name) \(help)\n# TYPE \(name) histogram\n"
            var cumulative: UInt64 = 0
            for (index, bound) in SyncMetrics.durationBuckets.enumerated() {
                cumulative += metrics.syncDurationCounts[index]
                self.text += "\(name)_bucket{le=\"\(Self.format(bound))\"} \(cumulative)\n"
            }
            cumulative += metrics.syncDurationCounts.last ?? 0
            self.text += "\(name)_bucket{le=\"+Inf\"} \(cumulative)\n"
            self.text += "\(name)_sum \(Self.format(metrics.syncDurationSum))\n"
            self.text += "\(name)_count \(metrics.syncDurationCount)\n"
        }

        static func format(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        }
    }
}
