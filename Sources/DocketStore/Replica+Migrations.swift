import GRDB

/// Append-only schema history: a shipped migration is never edited; changes come as new migrations.
extension Replica {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-replica") { db in
            try db.execute(sql: Self.schemaV1)
        }
        migrator.registerMigration("v2-clock-leads") { db in
            // Not derived from the log: what this replica's wall clock saw when operations arrived.
            try db.execute(sql: """
                CREATE TABLE clock_leads (
                    origin TEXT PRIMARY KEY,
                    lead_millis INTEGER NOT NULL,   -- furthest ahead of the local wall clock seen
                    timestamp_millis INTEGER NOT NULL,
                    seen_at INTEGER NOT NULL        -- local wall time when it was received
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v3-signed-chains") { db in
            try db.execute(sql: Self.schemaV3)
        }
        migrator.registerMigration("v4-schema-versions") { db in
            try db.execute(sql: Self.schemaV4)
        }
        migrator.registerMigration("v5-state-blobs") { db in
            try db.execute(sql: Self.schemaV5)
        }
        migrator.registerMigration("v6-log-without-copies") { db in
            try db.execute(sql: Self.schemaV6)
            try Self.locateChanges(in: db)
            try db.execute(sql: Self.schemaV6Finish)
        }
        migrator.registerMigration("v7-register-rows-where-shown") { db in
            try db.execute(sql: Self.schemaV7)
        }
        return migrator
    }

    /// Signed chains (docs/protocol.md, "Signed chains"). Nothing older has shipped, so a replica holding
    /// operations without bodies cannot exist; the columns' defaults only satisfy `ALTER TABLE`.
    private static let schemaV3 = """
        -- The exact bytes the origin wrote and signed, and their SHA-256. The columns beside them are a
        -- reading of the body for plain SQL.
        ALTER TABLE operations ADD COLUMN body BLOB NOT NULL DEFAULT x'';
        ALTER TABLE operations ADD COLUMN hash BLOB NOT NULL DEFAULT x'';

        -- Certificates that signed chain heads, so a signature can be checked again and relayed.
        CREATE TABLE certificates (
            fingerprint TEXT PRIMARY KEY,   -- SHA-256 of der, lowercase hex
            der BLOB NOT NULL
        ) WITHOUT ROWID;

        -- Verified chain-head signatures: "origin's operations up to seq end in head".
        CREATE TABLE chain_signatures (
            origin TEXT NOT NULL,
            seq INTEGER NOT NULL CHECK (seq > 0),
            head BLOB NOT NULL,
            certificate TEXT NOT NULL REFERENCES certificates (fingerprint),
            signature BLOB NOT NULL,
            resigned INTEGER NOT NULL DEFAULT 0,  -- 1: this node re-signed its own chain under a new certificate
            PRIMARY KEY (origin, seq, certificate)
        ) WITHOUT ROWID;

        -- Evidence of an origin writing two histories: the held operation stays, the other is kept here,
        -- never applied.
        CREATE TABLE equivocations (
            origin TEXT NOT NULL,
            seq INTEGER NOT NULL,
            held_hash BLOB NOT NULL,
            other_hash BLOB NOT NULL,
            other_body BLOB NOT NULL,       -- the conflicting operation body, or signature claim
            source TEXT NOT NULL,           -- the peer or file it came from
            seen_at INTEGER NOT NULL,
            PRIMARY KEY (origin, seq, other_hash)
        ) WITHOUT ROWID;

        -- Own-origin recovery after a restore: local writes wait until this node holds its own operations
        -- up to recovery_target, and, while recovery_pending is 1, until a peer has said what that is.
        ALTER TABLE node_state ADD COLUMN recovery_pending INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE node_state ADD COLUMN recovery_target INTEGER NOT NULL DEFAULT 0;
        """

    private static let schemaV1 = """
        -- This node. A single row: the CHECK keeps it single.
        CREATE TABLE node_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            node_id TEXT NOT NULL,
            office_code TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            hlc_millis INTEGER NOT NULL,
            hlc_counter INTEGER NOT NULL,
            cases_opened INTEGER NOT NULL CHECK (cases_opened >= 0)
        );

        -- For each origin, the highest seq held contiguously. It says exactly which operations are here.
        CREATE TABLE version_vector (
            origin TEXT PRIMARY KEY,
            seq INTEGER NOT NULL CHECK (seq > 0)
        ) WITHOUT ROWID;

        -- The operation log and audit trail: who changed what, where, when, knowing what. Never updated.
        CREATE TABLE operations (
            origin TEXT NOT NULL,
            seq INTEGER NOT NULL CHECK (seq > 0),
            record_kind TEXT NOT NULL CHECK (record_kind IN ('case', 'customer')),
            record_id TEXT NOT NULL,
            hlc_millis INTEGER NOT NULL,
            hlc_counter INTEGER NOT NULL,
            author TEXT NOT NULL,
            clock TEXT NOT NULL,      -- JSON {"node": seq}: the record's clock as the writer saw it
            changes TEXT NOT NULL,    -- JSON array of changes
            PRIMARY KEY (origin, seq)
        ) WITHOUT ROWID;
        -- By id first, so an admin's lookup by id alone uses it too; the kind tells apart a case and a
        -- customer that share an id. `rebuild` reads the log in this order.
        CREATE INDEX operations_by_record ON operations (record_id, record_kind);
        CREATE TRIGGER operations_are_immutable BEFORE UPDATE ON operations
        BEGIN SELECT RAISE(ABORT, 'operations are immutable'); END;

        -- Merge state: everything below is derived from the log and can be rebuilt from it. Keyed by record
        -- kind and id, like the log.
        CREATE TABLE record_clocks (
            record_kind TEXT NOT NULL CHECK (record_kind IN ('case', 'customer')),
            record_id TEXT NOT NULL,
            clock TEXT NOT NULL,
            PRIMARY KEY (record_kind, record_id)
        ) WITHOUT ROWID;

        -- Surviving writes of each field's multi-value register. Two or more distinct values: a conflict.
        CREATE TABLE register_values (
            record_kind TEXT NOT NULL,
            record_id TEXT NOT NULL,
            field TEXT NOT NULL,
            origin TEXT NOT NULL,
            seq INTEGER NOT NULL,
            hlc_millis INTEGER NOT NULL,
            hlc_counter INTEGER NOT NULL,
            author TEXT NOT NULL,
            value TEXT NOT NULL,      -- JSON value
            PRIMARY KEY (record_kind, record_id, field, origin, seq)
        ) WITHOUT ROWID;

        -- Join of the clocks of every write to a field: decides which writes are superseded.
        CREATE TABLE register_frontiers (
            record_kind TEXT NOT NULL,
            record_id TEXT NOT NULL,
            field TEXT NOT NULL,
            clock TEXT NOT NULL,
            PRIMARY KEY (record_kind, record_id, field)
        ) WITHOUT ROWID;

        -- Live add tags of the add-wins sets, and the tags cancelled by removes.
        CREATE TABLE set_members (
            record_kind TEXT NOT NULL,
            record_id TEXT NOT NULL,
            set_name TEXT NOT NULL,
            element TEXT NOT NULL,
            origin TEXT NOT NULL,
            seq INTEGER NOT NULL,
            PRIMARY KEY (record_kind, record_id, set_name, element, origin, seq)
        ) WITHOUT ROWID;
        CREATE TABLE set_removed (
            record_kind TEXT NOT NULL,
            record_id TEXT NOT NULL,
            set_name TEXT NOT NULL,
            element TEXT NOT NULL,
            origin TEXT NOT NULL,
            seq INTEGER NOT NULL,
            PRIMARY KEY (record_kind, record_id, set_name, element, origin, seq)
        ) WITHOUT ROWID;

        -- Append-only case entries (handoffs, contacts, commitments, follow-ups...), keyed by the carrying operation.
        CREATE TABLE entries (
            origin TEXT NOT NULL,
            seq INTEGER NOT NULL,
            case_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            hlc_millis INTEGER NOT NULL,
            hlc_counter INTEGER NOT NULL,
            author TEXT NOT NULL,
            body TEXT NOT NULL,       -- JSON
            PRIMARY KEY (origin, seq)
        ) WITHOUT ROWID;
        CREATE INDEX entries_by_case ON entries (case_id, kind);

        -- Current state for people and reports: one row per case, display values, conflicted fields named.
        CREATE TABLE cases (
            id TEXT PRIMARY KEY,
            ref TEXT,
            customer_id TEXT,
            origin_office TEXT,
            opened_at INTEGER,
            opened_by TEXT,
            channel TEXT,
            category TEXT,
            motive TEXT,
            level TEXT,
            emotion TEXT,
            summary TEXT,
            details TEXT,
            explicit_demand TEXT,
            implicit_need TEXT,
            department TEXT,
            owner TEXT,
            status TEXT,
            remedy_kind TEXT,
            remedy_amount TEXT,
            remedy_currency TEXT,
            remedy_text TEXT,
            tags TEXT NOT NULL,            -- JSON array, sorted
            feedback_dims TEXT NOT NULL,   -- JSON array, sorted
            conflicted_fields TEXT NOT NULL, -- comma-separated field names; empty when settled
            last_changed_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX cases_by_ref ON cases (ref);
        CREATE INDEX cases_by_status ON cases (status);

        CREATE TABLE customers (
            id TEXT PRIMARY KEY,
            name TEXT,
            phone TEXT,
            email TEXT,
            salutation TEXT,
            tier TEXT,
            notes TEXT,
            traits TEXT NOT NULL,          -- JSON array, sorted
            conflicted_fields TEXT NOT NULL,
            last_changed_at INTEGER NOT NULL
        ) WITHOUT ROWID;

        -- Open conflicts: fields whose surviving writes disagree.
        CREATE VIEW conflicts AS
            SELECT record_kind, record_id, field, COUNT(*) AS writes, COUNT(DISTINCT value) AS distinct_values
            FROM register_values GROUP BY record_kind, record_id, field HAVING COUNT(DISTINCT value) > 1;

        -- Plain-SQL views of the entry kinds.
        CREATE VIEW handoffs AS
            SELECT case_id, origin || ':' || seq AS entry, author, hlc_millis AS at,
                json_extract(body, '$.body.fromDepartment') AS from_department,
                json_extract(body, '$.body.fromOwner') AS from_owner,
                json_extract(body, '$.body.toDepartment') AS to_department,
                json_extract(body, '$.body.toOwner') AS to_owner,
                json_extract(body, '$.body.reason') AS reason,
                json_extract(body, '$.body.customerBackground') AS customer_background,
                json_extract(body, '$.body.problemDetails') AS problem_details,
                json_extract(body, '$.body.measuresTaken') AS measures_taken
            FROM entries WHERE kind = 'handoff';
        CREATE VIEW commitments AS
            SELECT e.case_id, e.origin || ':' || e.seq AS entry, e.author, e.hlc_millis AS at,
                json_extract(e.body, '$.body.text') AS text,
                json_extract(e.body, '$.body.owner') AS owner,
                json_extract(e.body, '$.body.due') AS due,
                (SELECT f.origin || ':' || f.seq FROM entries f WHERE f.kind = 'fulfilment'
                    AND json_extract(f.body, '$.body.commitment.node') = e.origin
                    AND json_extract(f.body, '$.body.commitment.seq') = e.seq LIMIT 1) AS fulfilled_by
            FROM entries e WHERE e.kind = 'commitment';
        CREATE VIEW contacts AS
            SELECT case_id, origin || ':' || seq AS entry, author,
                json_extract(body, '$.body.at') AS at,
                json_extract(body, '$.body.channel') AS channel,
                json_extract(body, '$.body.participants') AS participants,
                json_extract(body, '$.body.customerDemand') AS customer_demand,
                json_extract(body, '$.body.keyIssues') AS key_issues,
                json_extract(body, '$.body.outcome') AS outcome,
                json_extract(body, '$.body.todos') AS todos
            FROM entries WHERE kind = 'contact';
        CREATE VIEW follow_ups AS
            SELECT case_id, origin || ':' || seq AS entry, author, kind,
                json_extract(body, '$.body.scheduledFor') AS scheduled_for,
                json_extract(body, '$.body.doneAt') AS done_at,
                json_extract(body, '$.body.result') AS result,
                json_extract(body, '$.body.score') AS score,
                json_extract(body, '$.body.comment') AS comment
            FROM entries WHERE kind IN ('follow_up_plan', 'follow_up');
        """
}
