import ArgumentParser
import DocketCore
import DocketStore

struct History: DocketCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Every operation on a case or customer: author, office, time and what the writer knew."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A case reference or id, or a customer id.") var key: String

    /// One operation as `--json` prints it.
    struct OperationDocument: Encodable {
        let operation: String
        let office: String
        let author: String
        let at: String
        let hlc: String
        /// What the writer had seen: origin node to `seq`.
        let clock: VectorClock
        /// The changes in their stored form, with times in ISO 8601.
        let changes: [JSONTree]

        init(_ operation: ReplicatedOperation) throws {
            self.operation = operation.dot.description
            self.office = operation.dot.node.rawValue
            self.author = operation.author
            self.at = TimeText.iso8601(operation.timestamp)
            self.hlc = operation.timestamp.description
            self.clock = operation.clock
            self.changes = try operation.changes.map(Self.document)
        }

        static func document(_ change: Change) throws -> JSONTree {
            if case .set(let field, .integer(let millis)) = change,
                (try? RecordSchema.case.field(named: field))?.kind == .timestamp
            {
                return .object(["set": .object(["field": .string(field), "value": .string(TimeText.iso8601(millis))])])
            }
            return try JSONTree.withTimes(change)
        }
    }

    func execute() throws {
        let (replica, _) = try self.global.openReplica()
        let record = try replica.record(named: self.key)
        let operations = try replica.history(of: record)
        if self.global.json {
            try printJSON(try operations.map(OperationDocument.init))
            return
        }
        var table = Table("time", "operation", "author", "knew", "changes")
        for operation in operations {
            table.add(
                TimeText.display(operation.timestamp), operation.dot.description, operation.author,
                operation.clock.description.isEmpty ? "-" : operation.clock.description,
                operation.changes.map { Self.describe($0, of: record.kind, schema: replica.schema) }
                    .joined(separator: "; "))
        }
        print(table.render())
    }

    /// One change in brief; what only a newer Docket can read is shown as its JSON, marked.
    static func describe(_ change: Change, of kind: RecordKind, schema: DocketSchema) -> String {
        guard schema.knows(change, of: kind) else { return NewerText.marked(Self.raw(change)) }
        return switch change {
        case .set(let field, .integer(let millis)) where field.hasSuffix("_at"): "\(field)=\(TimeText.display(millis))"
        case .set(let field, let value): "\(field)=\(Table.clip(value.display, to: 30))"
        case .add(let set, let element): "\(set)+\(element)"
        case .remove(let set, let element, _): "\(set)-\(element)"
        case .append(let entry): "+\(entry.kind)"
        }
    }

    private static func raw(_ change: Change) -> String {
        switch change {
        case .set(let field, let value): "\(field)=\(Table.clip(NewerText.raw(value), to: 30))"
        case .add(let set, let element): "\(set)+\(JSONValue.string(element).compactText)"
        case .remove(let set, let element, _): "\(set)-\(JSONValue.string(element).compactText)"
        case .append(let entry): "+\(Table.clip(NewerText.raw(entry), to: 40))"
        }
    }
}
