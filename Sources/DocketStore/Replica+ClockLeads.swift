import DocketCore
import GRDB

/// `clock_leads`: per origin, the furthest ahead of this replica's wall clock its timestamps arrived.
struct ClockLeadRow {
    let lead: ClockLead

    init(_ lead: ClockLead) {
        self.lead = lead
    }

    /// Keeps the larger lead: a later, smaller one does not hide how far off the origin's clock once was.
    func upsert(into db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO clock_leads (origin, lead_millis, timestamp_millis, seen_at)
            VALUES (:origin, :lead, :timestamp, :seen)
            ON CONFLICT (origin) DO UPDATE SET
                lead_millis = excluded.lead_millis, timestamp_millis = excluded.timestamp_millis,
                seen_at = excluded.seen_at
            WHERE excluded.lead_millis > clock_leads.lead_millis
            """).execute(arguments: [
                "origin": self.lead.origin.rawValue, "lead": self.lead.leadMillis,
                "timestamp": self.lead.timestampMillis, "seen": self.lead.seenAt,
            ])
    }
}

extension Replica {
    /// For each origin whose timestamps ever arrived ahead of this replica's wall clock, the furthest ahead
    /// they were and when; by origin.
    public func clockLeads() throws -> [ClockLead] {
        try self.database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM clock_leads ORDER BY origin").map { row in
                ClockLead(
                    origin: try NodeID(row["origin"] as String), leadMillis: row["lead_millis"],
                    timestampMillis: row["timestamp_millis"], seenAt: row["seen_at"])
            }
        }
    }
}
