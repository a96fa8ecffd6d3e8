import DocketAdmin
import DocketStore

extension Doctor {
    /// Alarms for equivocation evidence, and a warning while a restored replica waits to take back its own
    /// operations; read from the replica, so they work with the daemon stopped too.
    static func chainChecks(replica: Replica) throws -> [Check] {
        var checks: [Check] = []
        let evidence = try StatusReport.equivocations(replica: replica)
        if evidence.isEmpty {
            checks.append(Check(name: "histories", level: .ok, detail: "no office was caught writing two histories"))
        }
        for item in evidence {
            checks.append(Check(name: "equivocation \(item.office)", level: .failed, detail: StatusText.describe(item)))
        }
        if let recovery = try replica.recovery() {
            checks.append(Check(
                name: "recovery", level: .warning,
                detail: StatusText.describe(StatusReport.Recovery(held: recovery.held, target: recovery.target))
                    + "; 'docket recovery finish --no-peer-holds-more' only if no peer ever held this office's later operations"))
        }
        return checks
    }
}
