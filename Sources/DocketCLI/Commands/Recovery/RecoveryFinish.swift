import ArgumentParser
import DocketCore
import DocketStore

struct RecoveryFinish: DocketCommand {
    static let configuration = CommandConfiguration(
        commandName: "finish",
        abstract: "Accept local writes again without waiting for peers.",
        discussion: """
            Only for an office whose later operations never left it (no peer or file holds them): otherwise \
            its next writes contradict them, and every office that holds both raises an equivocation alarm.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Flag(name: .customLong("no-peer-holds-more"), help: "Confirm that no peer or file holds this office's later operations.")
    var confirmed = false

    func execute() throws {
        guard self.confirmed else {
            throw InputError(
                field: "no-peer-holds-more",
                "confirm that no peer or file holds this office's later operations; otherwise start 'docket serve' and let it recover")
        }
        let (replica, _) = try self.global.openReplica()
        guard let recovery = try replica.recovery() else {
            say("No recovery under way: local writes are accepted.")
            return
        }
        try replica.finishRecovery()
        say("Recovery ended by hand at seq \(recovery.held): local writes are accepted again.")
    }
}
