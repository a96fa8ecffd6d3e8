import DocketCore
import DocketStore

/// The JSON shape of a case for scripts (`docket case show --json`, `docket case list --json`).
struct CaseDocument: Encodable {
    struct Field: Encodable {
        let value: FieldValue
        let conflicted: Bool
        /// Present only when conflicted: every distinct surviving value.
        let values: [WriteDocument]?
    }

    struct EntryDocument: Encodable {
        let entry: String
        let kind: String
        let author: String
        let at: String
        let body: Entry
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

    init(_ view: CaseView, overdue: Overdue, customerName: String?, withEntries: Bool) {
        self.id = view.id
        self.ref = view.ref
        var fields: [String: Field] = [:]
        for (name, register) in view.state.registers {
            fields[name] = Field(
                value: view.state.displayValue(of: name),
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
            ? view.entries.map {
                EntryDocument(
                    entry: $0.dot.description, kind: $0.entry.kind, author: $0.author,
                    at: TimeText.display($0.timestamp), body: $0.entry)
            } : nil
    }
}
