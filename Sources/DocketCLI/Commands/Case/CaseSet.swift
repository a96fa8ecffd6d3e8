import ArgumentParser
import DocketCore

struct CaseSet: DocketCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Change a field of a case (level, emotion, summary, department, owner, ...).",
        discussion: "Use 'case status' for the workflow, 'case remedy' for the remedy, 'case handoff' to move a case with its context."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The case reference or id.") var caseKey: String
    @Argument(help: "The field to change.") var field: String
    @Argument(help: "The new value (omit with --clear).") var value: String?
    @Flag(help: "Clear an optional field (motive, details, explicit_demand, implicit_need, remedy).") var clear = false

    func execute() throws {
        if self.field == "remedy" && !self.clear {
            throw InputError(field: "field", "use 'docket case remedy' to agree a remedy")
        }
        let value: FieldValue
        switch (self.value, self.clear) {
        case (let text?, false): value = .text(text)
        case (nil, true): value = .null
        default: throw InputError(field: "value", "give a value, or --clear without one")
        }
        let change = try LocalChange(self.global)
        let (ref, operations) = try change.run { writer in
            let location = try writer.locateCase(self.caseKey)
            if value == .null, !(try writer.schema.caseRecord.field(named: self.field)).isOptional {
                throw InputError(field: self.field, "is required and cannot be cleared")
            }
            let changes = try CaseDesk.set([(self.field, value)], knowing: writer.schema)
            try writer.commit(changes, to: location.record)
            return location.name
        }
        try report("\(ref): \(self.field) = \(value.display)", operations: operations, json: self.global.json)
    }
}
