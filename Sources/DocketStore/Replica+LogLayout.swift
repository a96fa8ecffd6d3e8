import DocketCodec
import Foundation
import GRDB

extension Replica {
    /// The log without copies (docs/replica.md). A body ends with its changes' JSON (`EncodedOperation`),
    /// and the log also kept that JSON as a column: the largest part of a row, written twice. Rows over
    /// about 1,000 bytes also spilled into overflow pages of their own, since a table without rowid keeps
    /// rows in an index b-tree: the log took 2.2 times its bytes on disk. The rows now live in
    /// `operation_log`, a rowid table, with where the changes start in the body; the view `operations`
    /// shows the columns it had, so plain SQL reads the log as before.
    static let schemaV6 = """
        CREATE TABLE operation_log (
            origin TEXT NOT NULL,
            seq INTEGER NOT NULL CHECK (seq > 0),
            record_kind TEXT NOT NULL CHECK (record_kind IN ('case', 'customer')),
            record_id TEXT NOT NULL,
            hlc_millis INTEGER NOT NULL,
            hlc_counter INTEGER NOT NULL,
            author TEXT NOT NULL,
            clock TEXT NOT NULL,          -- JSON {"node": seq}: the record's clock as the writer saw it
            changes_at INTEGER NOT NULL,  -- where the changes' JSON starts in body, 0-based; it runs to the end
            body BLOB NOT NULL,
            hash BLOB NOT NULL,
            schema INTEGER NOT NULL CHECK (schema > 0),
            UNIQUE (origin, seq)
        );
        -- Where the column is the body's tail, byte for byte, it starts there; -1 marks a row whose column
        -- was written as an encoding of its own (builds before the column showed the body's bytes).
        INSERT INTO operation_log
            (origin, seq, record_kind, record_id, hlc_millis, hlc_counter, author, clock, changes_at, body, hash, schema)
            SELECT origin, seq, record_kind, record_id, hlc_millis, hlc_counter, author, clock,
                CASE WHEN substr(body, length(body) - length(CAST(changes AS BLOB)) + 1) = CAST(changes AS BLOB)
                    THEN length(body) - length(CAST(changes AS BLOB)) ELSE -1 END,
                body, hash, schema
            FROM operations ORDER BY origin, seq;
        DROP TABLE operations;
        """

    /// The rest of `v6-log-without-copies`, once every row's offset is known.
    static let schemaV6Finish = """
        -- By id first, so an admin's lookup by id alone uses it too; the kind tells apart a case and a
        -- customer that share an id. `rebuild` reads each record's operations together through it.
        CREATE INDEX operations_by_record ON operation_log (record_id, record_kind);
        CREATE TRIGGER operations_are_immutable BEFORE UPDATE ON operation_log
        BEGIN SELECT RAISE(ABORT, 'operations are immutable'); END;

        -- The log as plain SQL reads it: every column it had, the changes as the JSON text in the body.
        CREATE VIEW operations AS
            SELECT origin, seq, record_kind, record_id, hlc_millis, hlc_counter, author, clock,
                CAST(substr(body, changes_at + 1) AS TEXT) AS changes, body, hash, schema
            FROM operation_log;
        """

    /// Finds, by reading each body, where the changes start in the rows the copy could not match: a
    /// thousand at a time, since an old enough log may hold nothing but such rows.
    static func locateChanges(in db: Database) throws {
        while true {
            let rows = try Row.fetchAll(
                db, sql: "SELECT rowid, origin, seq, body FROM operation_log WHERE changes_at < 0 LIMIT 1000")
            guard !rows.isEmpty else { return }
            for row in rows {
                let offset: Int
                do {
                    offset = try EncodedOperation(body: [UInt8](row["body"] as Data)).changesOffset
                } catch {
                    throw StoreError.inconsistent(
                        "the body of operation \(row["origin"] as String):\(row["seq"] as Int64) does not decode: \(error)")
                }
                try db.execute(
                    sql: "UPDATE operation_log SET changes_at = ? WHERE rowid = ?", arguments: [offset, row["rowid"] as Int64])
            }
        }
    }
}
