import DocketCore
import DocketStore

/// The JSON shape of a case for scripts (`docket case show --json`, `docket case list --json`).
struct CaseDocument: Encodable {
    struct Field: Encodable {
        /// The shown value; a time (`opened_at`) in ISO 8601.
        let value: JSONTree
        let conflicted: Bool
        /// Present only when conflicted: every distinct surviving value.
        let values: [WriteDocument]?
    }

    struct EntryDocument: Encodable {
        let entry: String
        let kind: String
        let author: String
        let at: String
        /// The entry's stored form, with its times in ISO 8601.
        let body: JSONTree
    }

    let id: String
    let ref: String?
    let fields: [String: Field]
    let tags: [String]
    let feedbackDims: [String]
    let conflictedFields: [String]
    let overdue: [String]
    let customerName: String?
    let entries: [EntryDocument]?

    init(_ view: CaseView, overdue: Overdue, customerName: String?, withEntries: Bool) throws {
        self.id = view.id
        self.ref = view.ref
        var fields: [String: Field] = [:]
        for (name, register) in view.state.registers {
            let shown = view.state.displayValue(of: name)
            fields[name] = Field(
                value: try Self.tree(shown, isTime: (try? RecordSchema.case.field(named: name))?.kind == .timestamp),
                conflicted: register.isConflicted,
                values: register.isConflicted ? register.distinctValues.map(WriteDocument.init) : nil
            )
        }
        self.fields = fields
        self.tags = view.tags
        self.feedbackDims = view.feedbackDimensions
        self.conflictedFields = view.conflictedFields
        self.overdue = overdue.labels
        self.customerName = customerName
        self.entries = withEntries
            ? try view.entries.map {
                EntryDocument(
                    entry: $0.dot.description, kind: $0.entry.kind, author: $0.author,
                    at: TimeText.iso8601($0.timestamp), body: try JSONTree.withTimes($0.entry))
            } : nil
    }

    /// A field's value as JSON: a time as ISO 8601, anything else as stored.
    static func tree(_ value: FieldValue, isTime: Bool) throws -> JSONTree {
        if isTime, case .integer(let millis) = value { return .string(TimeText.iso8601(millis)) }
        return try JSONTree.encoding(value)
    }
}
