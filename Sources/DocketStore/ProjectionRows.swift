import DocketCore
import GRDB

// The rows people and reports read, projected from a record's state: display values, sets as sorted
// JSON arrays, conflicted field names. Each row is written whenever its record is saved, in place.

/// `cases`: one case.
struct CaseRow: RowWrite {
    /// Fields shown as text in a column of the same name.
    private static let textFields = [
        "ref", "origin_office", "opened_by", "channel", "category", "motive", "level", "emotion", "summary",
        "details", "explicit_demand", "implicit_need", "department", "owner", "status",
    ]
    /// Every column but those a later schema adds (`AddedColumns`).
    static let columns = ["id", "customer_id", "opened_at"] + Self.textFields + [
        "remedy_kind", "remedy_amount", "remedy_currency", "remedy_text", "tags", "feedback_dims",
        "conflicted_fields", "last_changed_at",
    ]
    /// The columns `cases_by_ref` and `cases_by_status` cover. SQLite rewrites an index's entry whenever an
    /// UPDATE names its column, even with the value it had; so a saved case, whose reference and status
    /// seldom change, would dirty a page of each index besides the page of its row. The upsert that
    /// updates an existing row names only those of them that may have changed (`updating`).
    static let indexedColumns = ["ref", "status"]
    /// The upsert leaving all of the indexed columns alone.
    static let sql = makeUpsertSQL(into: "cases", columns: Self.columns, leaving: Self.indexedColumns)
    /// An upsert for each set of indexed columns it updates, built once.
    static let upserts: [Set<String>: String] = {
        var upserts: [Set<String>: String] = [[]: Self.sql]
        for column in Self.indexedColumns {
            for (updating, _) in upserts {
                let set = updating.union([column])
                upserts[set] = makeUpsertSQL(
                    into: "cases", columns: Self.columns, leaving: Self.indexedColumns.filter { !set.contains($0) })
            }
        }
        return upserts
    }()
    let state: RecordState
    let lastChangedAt: Int64
    /// The indexed columns whose value may differ from what an existing row holds; each is a text field
    /// of the same name.
    let updating: Set<String>

    var sql: String {
        // Every subset of the indexed columns has its upsert; updating every column is right for any row.
        Self.upserts[self.updating] ?? makeUpsertSQL(into: "cases", columns: Self.columns)
    }

    func bind(to row: inout RowBinding) throws {
        let state = self.state
        var remedy: Remedy?
        if case .remedy(let value) = state.displayValue(of: "remedy") { remedy = value }
        row.bind("id", state.ref.id)
        row.bind("customer_id", state.displayValue(of: "customer").text)
        row.bind("opened_at", state.displayValue(of: "opened_at").integer)
        for field in Self.textFields { row.bind(field, state.displayValue(of: field).text) }
        row.bind("remedy_kind", remedy?.kind.rawValue)
        row.bind("remedy_amount", remedy?.amount)
        row.bind("remedy_currency", remedy?.currency)
        row.bind("remedy_text", remedy?.text)
        row.bind("tags", try state.sortedElementsJSON(of: "tags"))
        row.bind("feedback_dims", try state.sortedElementsJSON(of: "feedback_dims"))
        row.bind("conflicted_fields", state.conflictedFields.joined(separator: ","))
        row.bind("last_changed_at", self.lastChangedAt)
    }
}

/// `customers`: one customer.
struct CustomerRow: RowWrite {
    /// Fields shown as text in a column of the same name.
    private static let textFields = ["name", "phone", "email", "salutation", "tier", "notes"]
    /// Every column but those a later schema adds (`AddedColumns`).
    static let columns = ["id"] + Self.textFields + ["traits", "conflicted_fields", "last_changed_at"]
    static let sql = makeUpsertSQL(into: "customers", columns: Self.columns)
    let state: RecordState
    let lastChangedAt: Int64

    func bind(to row: inout RowBinding) throws {
        row.bind("id", self.state.ref.id)
        for field in Self.textFields { row.bind(field, self.state.displayValue(of: field).text) }
        row.bind("traits", try self.state.sortedElementsJSON(of: "traits"))
        row.bind("conflicted_fields", self.state.conflictedFields.joined(separator: ","))
        row.bind("last_changed_at", self.lastChangedAt)
    }
}

extension RecordState {
    /// A set's elements as a sorted JSON array; `[]` for a set never written.
    fileprivate func sortedElementsJSON(of set: String) throws -> String {
        try Coding.encode(strings: self.sets[set]?.elements ?? [])
    }
}
