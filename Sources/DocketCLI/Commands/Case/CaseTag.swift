import ArgumentParser
import DocketCore
import DocketStore

struct CaseTag: DocketCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag",
        abstract: "Add or remove a tag, or a feedback dimension with --feedback."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case reference or id.") var caseKey: String
    @Argument(help: "The tag, or with --feedback one of service_process, product_function, staff_attitude, competitor.")
    var tag: String
    @Flag(help: "Remove instead of add.") var remove = false
    @Flag(help: "Work on the feedback dimensions instead of the free tags.") var feedback = false

    func execute() throws {
        let set = self.feedback ? "feedback_dims" : "tags"
        let change = try LocalChange(self.global)
        let (ref, operations) = try change.run { writer in
            let view = try writer.findCase(self.caseKey)
            // A tag is stored normalised; one written elsewhere in another form is still found as typed.
            let typed = view.state.sets[set]?.contains(self.tag) == true ? self.tag : TypedText.normalized(self.tag)
            let changes = try CaseDesk.tag(
                view.state, set: set, element: typed, remove: self.remove, knowing: writer.schema)
            try writer.commit(changes, to: view.state.ref)
            return view.ref ?? view.id
        }
        try report("\(ref): \(self.remove ? "removed" : "added") \(set) '\(self.tag)'", operations: operations, json: self.global.json)
    }
}
