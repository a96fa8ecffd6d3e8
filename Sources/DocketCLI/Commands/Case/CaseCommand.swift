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
