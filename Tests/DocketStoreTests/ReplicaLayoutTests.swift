import DocketCore
import DocketStore
import Foundation
import Testing

/// A replica laid out by an earlier build (before state blobs, before the rowid log) opens in this one with
/// the same state and log, and one laid out by a newer build is refused with a line saying so.
@Suite struct ReplicaLayoutTests {
    /// The tables the merge state lived in before `v5-state-blobs`, as that build created them.
    static let earlierLayout = """
        DROP TABLE record_states;
        CREATE TABLE record_clocks (record_kind TEXT NOT NULL, record_id TEXT NOT NULL, clock TEXT NOT NULL,
            PRIMARY KEY (record_kind, record_id)) WITHOUT ROWID;
        CREATE TABLE register_frontiers (record_kind TEXT NOT NULL, record_id TEXT NOT NULL, field TEXT NOT NULL,
            clock TEXT NOT NULL, PRIMARY KEY (record_kind, record_id, field)) WITHOUT ROWID;
        CREATE TABLE set_removed (record_kind TEXT NOT NULL, record_id TEXT NOT NULL, set_name TEXT NOT NULL,
            element TEXT NOT NULL, origin TEXT NOT NULL, seq INTEGER NOT NULL,
            PRIMARY KEY (record_kind, record_id, set_name, element, origin, seq)) WITHOUT ROWID;
        DELETE FROM grdb_migrations WHERE identifier = 'v5-state-blobs';
        """

    /// The log as the builds before `v6-log-by-arrival` kept it: the same columns, `WITHOUT ROWID`.
    static let keyedLog = """
        CREATE TABLE operations_keyed (origin TEXT NOT NULL, seq INTEGER NOT NULL CHECK (seq > 0),
            record_kind TEXT NOT NULL CHECK (record_kind IN ('case', 'customer')), record_id TEXT NOT NULL,
            hlc_millis INTEGER NOT NULL, hlc_counter INTEGER NOT NULL, author TEXT NOT NULL, clock TEXT NOT NULL,
            changes TEXT NOT NULL, body BLOB NOT NULL DEFAULT x'', hash BLOB NOT NULL DEFAULT x'',
            schema INTEGER NOT NULL DEFAULT 1 CHECK (schema > 0), PRIMARY KEY (origin, seq)) WITHOUT ROWID;
        INSERT INTO operations_keyed SELECT origin, seq, record_kind, record_id, hlc_millis, hlc_counter, author,
            clock, changes, body, hash, schema FROM operations;
        DROP TABLE operations;
        ALTER TABLE operations_keyed RENAME TO operations;
        CREATE INDEX operations_by_record ON operations (record_id, record_kind);
        CREATE TRIGGER operations_are_immutable BEFORE UPDATE ON operations
        BEGIN SELECT RAISE(ABORT, 'operations are immutable'); END;
        DELETE FROM grdb_migrations WHERE identifier = 'v6-log-by-arrival';
        """

    /// Every column of every operation, in log order, as text.
    static func log(of path: String) throws -> [String] {
        try SQLShell.rows(path, """
            SELECT origin, seq, record_kind, record_id, hlc_millis, hlc_counter, author, clock, changes,
                hex(body) AS body, hex(hash) AS hash, schema FROM operations ORDER BY origin, seq
            """).map { row in row.keys.sorted().map { "\($0)=\(row[$0]!)" }.joined(separator: " ") }
    }

    static func execute(_ sql: String, on database: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: SQLShell.path)
        process.arguments = [database, sql]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test(.enabled(if: SQLShell.isAvailable))
    func theEarlierLayoutIsMigratedAndRebuiltToTheSameState() throws {
        let scratch = try Scratch()
        let path = scratch.path("\(Fixtures.pudong).sqlite")
        let digest: String
        let counts: Replica.Counts
        do {
            let offices = try [Fixtures.pudong, Fixtures.chaoyang].map { try scratch.replica($0) }
            var workload = try StoreWorkload(seed: 21, offices: offices, signing: scratch.signing)
            try workload.run(steps: 30)
            try workload.heal()
            digest = try offices[0].stateDigest()
            counts = try offices[0].counts()
        }
        try Self.execute(Self.earlierLayout, on: path)
        let reopened = try Replica.open(at: path)
        #expect(try reopened.stateDigest() == digest)
        #expect(try reopened.counts() == counts)
        let tables = try SQLShell.rows(path, "SELECT name FROM sqlite_master WHERE name IN ('record_clocks', 'set_removed')")
        #expect(tables.isEmpty)
    }

    @Test(.enabled(if: SQLShell.isAvailable))
    func aLogKeptWithoutRowidsIsCopiedWholeIntoTheRowidLayout() throws {
        let scratch = try Scratch()
        let path = scratch.path("\(Fixtures.pudong).sqlite")
        let digest: String
        do {
            let offices = try [Fixtures.pudong, Fixtures.chaoyang].map { try scratch.replica($0) }
            var workload = try StoreWorkload(seed: 23, offices: offices, signing: scratch.signing)
            try workload.run(steps: 80)
            try workload.heal()
            digest = try offices[0].stateDigest()
        }
        let log = try Self.log(of: path)
        #expect(log.count > 30)
        try Self.execute(Self.keyedLog, on: path)
        let keyed = try SQLShell.rows(path, "SELECT sql FROM sqlite_master WHERE name = 'operations'")
        #expect("\(keyed)".contains("WITHOUT ROWID"))

        let reopened = try Replica.open(at: path)
        #expect(try reopened.stateDigest() == digest)
        #expect(try Self.log(of: path) == log)
        let table = try SQLShell.rows(path, "SELECT sql FROM sqlite_master WHERE name = 'operations'")
        #expect(!"\(table)".contains("WITHOUT ROWID"))
        let companions = try SQLShell.rows(path, """
            SELECT name FROM sqlite_master WHERE tbl_name = 'operations' AND type IN ('index', 'trigger') ORDER BY name
            """).compactMap { $0["name"] as? String }
        #expect(companions == ["operations_are_immutable", "operations_by_record", "sqlite_autoindex_operations_1"])
        #expect(try SQLShell.rows(path, "PRAGMA integrity_check").first?["integrity_check"] as? String == "ok")
    }

    @Test(.enabled(if: SQLShell.isAvailable))
    func aLayoutFromANewerBuildIsRefused() throws {
        let scratch = try Scratch()
        let path = scratch.path("\(Fixtures.pudong).sqlite")
        _ = try scratch.replica(Fixtures.pudong)
        try Self.execute("INSERT INTO grdb_migrations VALUES ('v99-from-the-future')", on: path)
        #expect {
            _ = try Replica.open(at: path)
        } throws: { error in
            guard case StoreError.newerLayout = error else { return false }
            return "\(error)".contains("laid out by a newer Docket")
        }
    }
}
