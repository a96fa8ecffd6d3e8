import DocketAdmin
import DocketStore

extension Doctor {
    /// Warns of each office whose operations arrived dated further ahead of this node's clock than
    /// `[sync] max_clock_lead`; read from the replica, so it works with the daemon stopped too.
    static func clockLeadChecks(replica: Replica, settings: Settings) throws -> [Check] {
        let bound = settings.sync.maximumClockLeadMillis
        let leads = try StatusReport.clockLeads(replica: replica, maximumLeadMillis: bound).filter(\.beyondBound)
        guard !leads.isEmpty else {
            return [Check(name: "timestamps", level: .ok,
                          detail: "no office's timestamps arrived more than \(TimeText.span(seconds: Double(bound) / 1000)) ahead of this clock")]
        }
        return leads.map { lead in
            Check(name: "timestamps \(lead.office)", level: .warning,
                  detail: "office \(StatusText.describe(lead)); this clock followed it only "
                    + "\(TimeText.span(seconds: Double(bound) / 1000)) ahead ([sync] max_clock_lead), and its "
                    + "values win 'latest write' in conflicts until the date passes: fix that office's clock (NTP)")
        }
    }
}
