import GRDB

extension Replica {
    /// The log as a rowid table. As a `WITHOUT ROWID` table each row, about 550 bytes, was the key of a
    /// b-tree that keeps at most about 1,000 bytes of a key in its page: one row in eight spilled onto an
    /// overflow page of its own, mostly empty, and interior pages held whole keys. 100,000 operations took
    /// 131 MB, 67 MB of it unused. A rowid table keeps a row of up to about 4 KB in its leaf and appends
    /// rows in arrival order (70 MB); `(origin, seq)` stays unique through its own index. The columns are
    /// unchanged, so nothing reading the log with SQL notices. Copying a large log takes a while, once,
    /// when the upgraded build first opens the replica.
    static let schemaV6 = """
        CREATE TABLE operations_by_arrival (
            origin TEXT NOT NULL,
            seq INTEGER NOT NULL CHECK (seq > 0),
            record_kind TEXT NOT NULL CHECK (record_kind IN ('case', 'customer')),
            record_id TEXT NOT NULL,
            hlc_millis INTEGER NOT NULL,
            hlc_counter INTEGER NOT NULL,
            author TEXT NOT NULL,
            clock TEXT NOT NULL,      -- JSON {"node": seq}: the record's clock as the writer saw it
            changes TEXT NOT NULL,    -- JSON array of changes
            body BLOB NOT NULL,       -- the exact bytes the origin wrote and signed
            hash BLOB NOT NULL,       -- their SHA-256
            schema INTEGER NOT NULL CHECK (schema > 0),  -- the schema version that wrote it
            PRIMARY KEY (origin, seq)
        );
        INSERT INTO operations_by_arrival
            (origin, seq, record_kind, record_id, hlc_millis, hlc_counter, author, clock, changes, body, hash, schema)
            SELECT origin, seq, record_kind, record_id, hlc_millis, hlc_counter, author, clock, changes, body, hash, schema
            FROM operations ORDER BY origin, seq;
        DROP TABLE operations;
        ALTER TABLE operations_by_arrival RENAME TO operations;
        -- By id first, so an admin's lookup by id alone uses it too; `rebuild` reads the log in this order.
        CREATE INDEX operations_by_record ON operations (record_id, record_kind);
        CREATE TRIGGER operations_are_immutable BEFORE UPDATE ON operations
        BEGIN SELECT RAISE(ABORT, 'operations are immutable'); END;
        """
}
