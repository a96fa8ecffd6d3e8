import DocketCore
import DocketStore

/// The JSON shape of one open conflict (`docket conflicts list --json`, `docket conflicts show --json`).
struct ConflictDocument: Encodable {
    let record: String
    let kind: String
    let label: String?
    let field: String
    let shown: FieldValue?
    let values: [WriteDocument]

    init(_ conflict: Replica.Conflict) {
        self.record = conflict.record.id
        self.kind = conflict.record.kind.rawValue
        self.label = conflict.label
        self.field = conflict.field
        self.shown = conflict.displayed?.value
        self.values = conflict.values.map(WriteDocument.init)
    }
}
