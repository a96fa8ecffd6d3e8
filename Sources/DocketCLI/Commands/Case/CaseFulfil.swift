import ArgumentParser
import DocketCore

struct CaseFulfil: DocketCommand {
    static let configuration = CommandConfiguration(commandName: "fulfil", abstract: "Record that a commitment was kept.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case reference or id.") var caseKey: String
    @Argument(help: "The commitment entry, as node:seq (see 'docket case show').") var commitment: String
    @Option(help: "How it was kept.") var note: String = ""

    func execute() throws {
        let commitment = try Dot(parsing: self.commitment, field: "commitment")
        let change = try LocalChange(self.global)
        let (ref, operations) = try change.run { writer in
            let view = try writer.findCase(self.caseKey)
            try writer.commit(try CaseDesk.fulfil(view, commitment: commitment, note: self.note), to: view.state.ref)
            return view.ref ?? view.id
        }
        try report("\(ref): commitment \(commitment) fulfilled", operations: operations, json: self.global.json)
    }
}
