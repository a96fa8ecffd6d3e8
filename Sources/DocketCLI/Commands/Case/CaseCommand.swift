import ArgumentParser

struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "Open, inspect and work complaint cases.",
        subcommands: [
            CaseOpen.self, CaseShow.self, CaseList.self, CaseSet.self, CaseStatusCommand.self, CaseRemedy.self,
            CaseHandoff.self, CaseAccept.self, CaseNote.self, CaseCommit.self, CaseFulfil.self, CaseFollowUp.self,
            CaseTag.self,
        ]
    )
}

/// Prints what a local change wrote: a confirmation line, or the operations as JSON.
func report(_ message: String, operations: [DocketCore.ReplicatedOperation], json: Bool) throws {
    if json {
        try printJSON(["message": message, "operations": operations.map(\.dot.description).joined(separator: ",")])
    } else {
        print(TerminalText.escaped(message))
    }
}

import DocketCore
