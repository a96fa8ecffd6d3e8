import ArgumentParser
import DocketCore

struct CaseStatusCommand: DocketCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Move a case along the workflow.",
        discussion: """
            received → acknowledged → investigating → proposed → in_action → resolved → confirmed → closed.
            Forward moves may skip steps. Going back is a reopen (from resolved, confirmed or closed to
            investigating) and needs --reason. Closing needs a completed follow-up or --reason as a waiver.
            Resolving plans a follow-up call (24 h later by default).
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case reference or id.") var caseKey: String
    @Argument(help: "The new status.") var status: String
    @Option(help: "Why: required to reopen, or to close without a follow-up.") var reason: String?

    func execute() throws {
        let target = try CaseStatus(parsing: self.status, field: "status")
        let change = try LocalChange(self.global)
        let followUpDelay = change.settings.followUpAfter * 1000
        let (ref, operations) = try change.run { writer in
            let view = try writer.findCase(self.caseKey)
            let changes = try CaseDesk.move(
                view, to: target, reason: self.reason, now: writer.now, followUpDelay: followUpDelay)
            try writer.commit(changes, to: view.state.ref)
            return view.ref ?? view.id
        }
        try report("\(ref): status = \(target.rawValue)", operations: operations, json: self.global.json)
    }
}
