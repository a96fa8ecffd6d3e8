import DocketCore
import DocketStore
import DocketSync
import DocketTLS
import Foundation

extension StatusReport {
    /// Gathers the report from the replica, and from the running daemon's snapshot when there is one.
    ///
    /// - Parameters:
    ///   - certificatePath: the node's certificate, for its expiry; nil when none is known.
    ///   - configuredPeers: peers from the config, listed (as not connected) when the daemon is down.
    public static func make(
        replica: Replica,
        targets: ServiceTargets,
        now: Date,
        certificatePath: String?,
        sync: SyncSnapshot?,
        configuredPeers: [PeerStatus],
        maximumClockLeadMillis: Int64 = ClockBound.defaultMaximumLeadMillis
    ) throws -> StatusReport {
        let millis = Int64(now.timeIntervalSince1970 * 1000)
        let counts = try replica.counts()
        let overdue = try replica.cases(
            matching: {
                var filter = Replica.CaseFilter()
                filter.onlyOverdue = true
                return filter
            }(), now: millis, targets: targets)
        let certificate = certificatePath.flatMap { try? PeerIdentity(certificateFile: $0) }.map { identity in
            Certificate(
                node: identity.nodeID,
                expiresAt: identity.certificateNotAfter,
                daysLeft: identity.certificateNotAfter.map { StatusReport.daysLeft(until: $0, now: now) },
                fingerprint: identity.certificateFingerprint)
        }
        let files = [replica.path, replica.path + "-wal"]
        let bytes = files.compactMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int64 }.reduce(0, +)
        return StatusReport(
            version: DocketVersion.current,
            schemaVersion: UInt64(replica.schema.version),
            node: replica.node.rawValue,
            office: replica.officeCode,
            generatedAt: now,
            daemon: Daemon(running: sync != nil, startedAt: sync?.startedAt, listen: sync?.listenAddress),
            vector: Dictionary(uniqueKeysWithValues: try replica.vector().sortedEntries.map { ($0.node.rawValue, $0.seq) }),
            counts: Counts(operations: counts.operations, cases: counts.cases, customers: counts.customers),
            openConflicts: counts.openConflicts,
            overdueCases: overdue.count,
            overdueCommitments: overdue.reduce(0) { $0 + $1.overdue.commitments.count },
            databaseBytes: bytes,
            certificate: certificate,
            peers: sync?.peers ?? configuredPeers,
            metrics: sync?.metrics,
            clockLeads: try Self.clockLeads(replica: replica, maximumLeadMillis: maximumClockLeadMillis),
            equivocations: try Self.equivocations(replica: replica),
            recovery: try replica.recovery().map { Recovery(held: $0.held, target: $0.target) }
        )
    }

    /// The replica's recorded leads, furthest first, each marked when it passed the bound.
    public static func clockLeads(replica: Replica, maximumLeadMillis: Int64) throws -> [ClockLead] {
        try replica.clockLeads().sorted { $0.leadMillis > $1.leadMillis }.map { lead in
            ClockLead(
                office: lead.origin.rawValue, leadSeconds: Double(lead.leadMillis) / 1000,
                seenAt: Date(timeIntervalSince1970: Double(lead.seenAt) / 1000),
                beyondBound: lead.leadMillis > maximumLeadMillis)
        }
    }
}

extension StatusReport {
    /// The evidence of equivocation the replica keeps, oldest first.
    public static func equivocations(replica: Replica) throws -> [Equivocation] {
        try replica.equivocations().map {
            Equivocation(
                office: $0.dot.node.rawValue, seq: $0.dot.seq, source: $0.source,
                seenAt: Date(timeIntervalSince1970: Double($0.seenAt) / 1000))
        }
    }

    /// Whole days until `expiry`, rounded down: a certificate that expired an hour ago has -1, not 0.
    public static func daysLeft(until expiry: Date, now: Date) -> Int {
        Int(floor(expiry.timeIntervalSince(now) / 86_400))
    }
}
