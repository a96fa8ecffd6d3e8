import ArgumentParser
import DocketCore
import DocketStore

struct History: DocketCommand {
    static let configuration = CommandConfiguration(
        abstract: "Every operation on a case or customer: author, office, time and what the writer knew."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A case reference or id, or a customer id.") var key: String

    struct OperationDocument: Encodable {
        let operation: String
        let office: String
        let author: String
        let at: String
        let hlc: String
        let clock: String
        let changes: [Change]
    }

    func execute() throws {
        let (replica, _) = try self.global.openReplica()
        let record: RecordRef
        if let view = try replica.caseViewIfPresent(self.key) {
            record = view.state.ref
        } else {
            record = try replica.customerView(self.key).state.ref
        }
        let operations = try replica.history(of: record)
        if self.global.json {
            try printJSON(operations.map {
                OperationDocument(
                    operation: $0.dot.description, office: $0.dot.node.rawValue, author: $0.author,
                    at: TimeText.display($0.timestamp), hlc: $0.timestamp.description, clock: $0.clock.description,
                    changes: $0.changes)
            })
            return
        }
        var table = Table("time", "operation", "author", "knew", "changes")
        for operation in operations {
            table.add(
                TimeText.display(operation.timestamp), operation.dot.description, operation.author,
                operation.clock.description.isEmpty ? "-" : operation.clock.description,
                operation.changes.map(Self.describe).joined(separator: "; "))
        }
        print(table.render())
    }

    static func describe(_ change: Change) -> String {
        switch change {
        case .set(let field, .integer(let millis)) where field.hasSuffix("_at"): "\(field)=\(TimeText.display(millis))"
        case .set(let field, let value): "\(field)=\(Table.clip(value.display, to: 30))"
        case .add(let set, let element): "\(set)+\(element)"
        case .remove(let set, let element, _): "\(set)-\(element)"
        case .append(let entry): "+\(entry.kind)"
        }
    }
}
