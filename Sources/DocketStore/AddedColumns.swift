import DocketCore
import GRDB

/// Columns of `cases` and `customers` for the fields a later schema version adds to those the migrations
/// made columns for. A replica projected with such a schema gets the column, filled beside each row, so an
/// upgraded office reads the new field in plain SQL like any other.
///
/// They are left out of the state digest: offices on different versions that hold the same operations
/// still report the same digest (docs/upgrading.md).
enum AddedColumns {
    static func table(of kind: RecordKind) -> String {
        kind == .case ? "cases" : "customers"
    }

    /// The fields of `kind` that `schema` names beyond the build's own schema, in schema order.
    static func fields(of kind: RecordKind, in schema: DocketSchema) -> [String] {
        // A later schema only adds fields: the same count means the same fields, the usual case, checked
        // first since every saved record asks.
        let ownFields = DocketSchema.current.record(kind).fields
        guard schema.record(kind).fields.count > ownFields.count else { return [] }
        let own = Set(ownFields.map(\.name))
        return schema.record(kind).fields.map(\.name).filter { !own.contains($0) }
    }

    /// Adds the columns `schema` needs and the tables lack. Names come from compiled-in schemas and follow
    /// `RecordSchema.checkName`, so they are safe to quote into SQL.
    static func create(for schema: DocketSchema, in db: Database) throws {
        for kind in RecordKind.allCases {
            let table = Self.table(of: kind)
            let existing = Set(try db.columns(in: table).map(\.name))
            for field in Self.fields(of: kind, in: schema) where !existing.contains(field) {
                try db.execute(sql: "ALTER TABLE \(table) ADD COLUMN \"\(field)\"")
            }
        }
    }

    /// Fills the added columns of a record's row, written just before.
    static func update(_ state: RecordState, schema: DocketSchema, in db: Database) throws {
        let fields = Self.fields(of: state.ref.kind, in: schema)
        guard !fields.isEmpty else { return }
        let assignments = fields.map { "\"\($0)\" = :\($0)" }.joined(separator: ", ")
        var arguments: [String: (any DatabaseValueConvertible)?] = ["id": state.ref.id]
        for field in fields {
            arguments.updateValue(Self.column(state.displayValue(of: field)), forKey: field)
        }
        try db.cachedStatement(sql: "UPDATE \(Self.table(of: state.ref.kind)) SET \(assignments) WHERE id = :id")
            .execute(arguments: StatementArguments(arguments))
    }

    private static func column(_ value: FieldValue) -> (any DatabaseValueConvertible)? {
        switch value {
        case .text(let text): text
        case .integer(let number): number
        case .null: nil
        case .remedy, .json: value.display
        }
    }
}
