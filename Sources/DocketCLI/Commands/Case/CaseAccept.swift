import ArgumentParser
import DocketCore

struct CaseAccept: DocketCommand {
    static let configuration = CommandConfiguration(commandName: "accept", abstract: "Accept a handoff you received.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case reference or id.") var caseKey: String
    @Argument(help: "The handoff entry, as node:seq (see 'docket case show').") var handoff: String
    @Option(help: "A note for the sender.") var note: String = ""

    func execute() throws {
        let handoff = try Dot(parsing: self.handoff, field: "handoff")
        let change = try LocalChange(self.global)
        let (ref, operations) = try change.run { writer in
            let view = try writer.findCase(self.caseKey)
            try writer.commit(try CaseDesk.accept(view, handoff: handoff, note: self.note), to: view.state.ref)
            return view.ref ?? view.id
        }
        try report("\(ref): accepted handoff \(handoff)", operations: operations, json: self.global.json)
    }
}
