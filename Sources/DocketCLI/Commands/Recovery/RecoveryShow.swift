import ArgumentParser
import DocketAdmin
import DocketStore

struct RecoveryShow: DocketCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Say whether local writes wait for a recovery, and for what.")

    @OptionGroup var global: GlobalOptions

    /// The `--json` output.
    struct Document: Encodable {
        let recovering: Bool
        /// This office's own operations held.
        let held: UInt64?
        /// How far a peer holds them, once one has said.
        let target: UInt64?
    }

    func execute() throws {
        let (replica, _) = try self.global.openReplica()
        let recovery = try replica.recovery()
        if self.global.json {
            try printJSON(Document(recovering: recovery != nil, held: recovery?.held, target: recovery?.target))
        } else if let recovery {
            say(StatusText.describe(StatusReport.Recovery(held: recovery.held, target: recovery.target)))
        } else {
            say("No recovery under way: local writes are accepted.")
        }
    }
}
