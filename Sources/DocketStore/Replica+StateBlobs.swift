import GRDB

extension Replica {
    /// Merge state as one blob per record (`MergeState+Blob.swift`). Loading a record's state from rows of
    /// five tables took six queries and most of a catch-up's CPU; one blob takes one lookup. The clocks,
    /// frontiers and removed tags only the merge reads go into the blob; `register_values` (since v7 only
    /// where shown) and `set_members` stay as rows for plain SQL and its views. Everything here is derived
    /// from the log, so the migration clears the projection and opening the replica rebuilds it.
    static let schemaV5 = """
        -- Each record's merge state (clock, registers with frontiers, sets with removed tags), canonical
        -- binary; and the time of its latest operation.
        CREATE TABLE record_states (
            record_kind TEXT NOT NULL CHECK (record_kind IN ('case', 'customer')),
            record_id TEXT NOT NULL,
            last_changed_at INTEGER NOT NULL,
            state BLOB NOT NULL,
            PRIMARY KEY (record_kind, record_id)
        );
        DROP TABLE record_clocks;
        DROP TABLE register_frontiers;
        DROP TABLE set_removed;
        UPDATE node_state SET projected_schema = 0;
        """
}
