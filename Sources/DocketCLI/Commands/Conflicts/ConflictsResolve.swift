import ArgumentParser
import DocketCore
import DocketStore

struct ConflictsResolve: DocketCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Settle a conflicted field by picking one of its values or giving a new one.",
        discussion: "The resolution is an ordinary write that supersedes every competing value; it replicates like any change."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A case reference or id, or a customer id.") var key: String
    @Argument(help: "The conflicted field.") var field: String
    @Option(parsing: .unconditional, help: "The number of the value to keep, as listed by 'conflicts show'.") var pick: Int?
    @Option(parsing: .unconditional, help: "A new value instead.") var value: String?

    func execute() throws {
        if let pick = self.pick, pick < 1 {
            throw InputError(field: "pick", "\(pick) is not a value's number; they start at 1 ('conflicts show' lists them)")
        }
        let change = try LocalChange(self.global)
        let record = try change.replica.record(named: self.key)
        let (chosen, operations) = try change.run { writer in
            guard let state = try writer.state(of: record) else { throw StoreError.notFound(kind: record.kind, key: self.key) }
            let changes = try CaseDesk.resolve(
                state, field: self.field, pick: self.pick, value: self.value.map(FieldValue.text),
                knowing: writer.schema)
            // A picked value is already in the replica and is written back as it is.
            try writer.commit(changes, to: record, typed: self.pick == nil)
            if case .set(_, let value)? = changes.first { return value.display }
            return ""
        }
        try report("\(self.key): \(self.field) settled as \(chosen)", operations: operations, json: self.global.json)
    }
}
