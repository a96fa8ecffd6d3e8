import DocketCore
import GRDB

extension Replica {
    /// Schema versions (docs/upgrading.md): which one wrote each operation, which one the materialized
    /// tables were projected with, and what that one names, so plain SQL can tell what came from a newer
    /// Docket.
    static let schemaV4 = """
        -- The schema version that wrote each operation, read from its body.
        ALTER TABLE operations ADD COLUMN schema INTEGER NOT NULL DEFAULT 1 CHECK (schema > 0);

        -- The schema version the materialized tables were last projected with; 0 before any. Opening the
        -- replica with another version rebuilds them from the log.
        ALTER TABLE node_state ADD COLUMN projected_schema INTEGER NOT NULL DEFAULT 0;

        -- What that schema version names: fields and sets per record kind, the words of each choice field
        -- and word set (scope 'case.channel'), and entry kinds. Not derived from the log.
        CREATE TABLE known_names (
            what TEXT NOT NULL CHECK (what IN ('field', 'set', 'word', 'entry')),
            scope TEXT NOT NULL,
            name TEXT NOT NULL,
            PRIMARY KEY (what, scope, name)
        ) WITHOUT ROWID;

        -- Values of fields this replica's schema does not name, as their writers' JSON.
        CREATE VIEW newer_fields AS
            SELECT r.record_kind, r.record_id, r.field, r.origin, r.seq, r.hlc_millis, r.author, r.value
            FROM register_values r
            WHERE NOT EXISTS (SELECT 1 FROM known_names k
                WHERE k.what = 'field' AND k.scope = r.record_kind AND k.name = r.field);

        -- Words a known choice field or word set holds that this replica's schema does not name.
        CREATE VIEW newer_words AS
            SELECT r.record_kind, r.record_id, r.field AS name, json_extract(r.value, '$') AS word, r.origin, r.seq
            FROM register_values r
            WHERE json_type(r.value) = 'text'
                AND EXISTS (SELECT 1 FROM known_names k
                    WHERE k.what = 'word' AND k.scope = r.record_kind || '.' || r.field)
                AND NOT EXISTS (SELECT 1 FROM known_names k WHERE k.what = 'word'
                    AND k.scope = r.record_kind || '.' || r.field AND k.name = json_extract(r.value, '$'))
            UNION ALL
            SELECT s.record_kind, s.record_id, s.set_name, s.element, s.origin, s.seq
            FROM set_members s
            WHERE EXISTS (SELECT 1 FROM known_names k
                    WHERE k.what = 'word' AND k.scope = s.record_kind || '.' || s.set_name)
                AND NOT EXISTS (SELECT 1 FROM known_names k WHERE k.what = 'word'
                    AND k.scope = s.record_kind || '.' || s.set_name AND k.name = s.element);

        -- Elements of sets this replica's schema does not name.
        CREATE VIEW newer_sets AS
            SELECT s.* FROM set_members s
            WHERE NOT EXISTS (SELECT 1 FROM known_names k
                WHERE k.what = 'set' AND k.scope = s.record_kind AND k.name = s.set_name);

        -- Entries of kinds this replica's schema does not name, with their writers' JSON body.
        CREATE VIEW newer_entries AS
            SELECT e.* FROM entries e
            WHERE NOT EXISTS (SELECT 1 FROM known_names k WHERE k.what = 'entry' AND k.name = e.kind);
        """

    /// Records in `known_names` what `schema` names, replacing what an earlier projection recorded.
    static func recordKnownNames(of schema: DocketSchema, in db: Database) throws {
        try db.execute(sql: "DELETE FROM known_names")
        var rows: [(what: String, scope: String, name: String)] = []
        for kind in RecordKind.allCases {
            let record = schema.record(kind)
            for field in record.fields {
                rows.append(("field", kind.rawValue, field.name))
                if case .choice(let words) = field.kind {
                    rows += words.map { ("word", "\(kind.rawValue).\(field.name)", $0) }
                }
            }
            for (set, words) in record.sets {
                rows.append(("set", kind.rawValue, set))
                rows += (words ?? []).map { ("word", "\(kind.rawValue).\(set)", $0) }
            }
        }
        for kind in DocketSchema.typedEntryKinds.union(schema.entryShapes.keys) {
            rows.append(("entry", RecordKind.case.rawValue, kind))
        }
        let insert = try db.cachedStatement(
            sql: "INSERT INTO known_names (what, scope, name) VALUES (:what, :scope, :name)")
        for row in rows {
            try insert.execute(arguments: ["what": row.what, "scope": row.scope, "name": row.name])
        }
    }
}
