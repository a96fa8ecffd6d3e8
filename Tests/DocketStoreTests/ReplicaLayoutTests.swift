import DocketCore
import DocketStore
import DocketTestSupport
import Foundation
import Testing

/// A replica laid out by the build before state blobs opens in this one with the same state, and one laid
/// out by a newer build is refused with a line saying so.
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

    /// The log as the builds before `v6-log-without-copies` kept it: a table without rowid, the changes' JSON
    /// in a column of its own as well as in the body.
    static let logWithCopies = """
        DROP VIEW operations;
        CREATE TABLE operations (origin TEXT NOT NULL, seq INTEGER NOT NULL CHECK (seq > 0),
            record_kind TEXT NOT NULL CHECK (record_kind IN ('case', 'customer')), record_id TEXT NOT NULL,
            hlc_millis INTEGER NOT NULL, hlc_counter INTEGER NOT NULL, author TEXT NOT NULL, clock TEXT NOT NULL,
            changes TEXT NOT NULL, body BLOB NOT NULL DEFAULT x'', hash BLOB NOT NULL DEFAULT x'',
            schema INTEGER NOT NULL DEFAULT 1 CHECK (schema > 0), PRIMARY KEY (origin, seq)) WITHOUT ROWID;
        INSERT INTO operations SELECT origin, seq, record_kind, record_id, hlc_millis, hlc_counter, author, clock,
            CAST(substr(body, changes_at + 1) AS TEXT), body, hash, schema FROM operation_log;
        -- Earlier builds wrote the column as an encoding of their own, not always the body's bytes.
        UPDATE operations SET changes = ' ' || changes WHERE seq % 2 = 0;
        DROP TABLE operation_log;
        CREATE INDEX operations_by_record ON operations (record_id, record_kind);
        CREATE TRIGGER operations_are_immutable BEFORE UPDATE ON operations
        BEGIN SELECT RAISE(ABORT, 'operations are immutable'); END;
        DELETE FROM grdb_migrations WHERE identifier = 'v6-log-without-copies';
        """

    static let logAsRead = "SELECT origin, seq, record_id, author, clock, changes, hex(body) AS body FROM operations ORDER BY origin, seq"

    /// The file of one of two offices that ran a random workload and healed, closed, with its digest and
    /// counts as it was left.
    static func replicaAfterAWorkload(seed: UInt64, in scratch: Scratch) throws -> (String, String, Replica.Counts) {
        let offices = try [Fixtures.pudong, Fixtures.chaoyang].map { try scratch.replica($0) }
        var workload = try StoreWorkload(seed: seed, offices: offices, signing: scratch.signing)
        try workload.run(steps: 30)
        try workload.heal()
        return (scratch.path("\(Fixtures.pudong).sqlite"), try offices[0].stateDigest(), try offices[0].counts())
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
        let (path, digest, counts) = try Self.replicaAfterAWorkload(seed: 21, in: scratch)
        try Self.execute(Self.earlierLayout, on: path)
        let reopened = try Replica.open(at: path)
        #expect(try reopened.stateDigest() == digest)
        #expect(try reopened.counts() == counts)
        let tables = try SQLShell.rows(path, "SELECT name FROM sqlite_master WHERE name IN ('record_clocks', 'set_removed')")
        #expect(tables.isEmpty)
    }

    /// Chinese text in the changes makes a character count and a byte count differ: the offset the migration
    /// works out must be in bytes, or the view would cut the JSON. And where the column an earlier build
    /// wrote is not the body's tail, the offset is read from the body itself.
    @Test(.enabled(if: SQLShell.isAvailable))
    func theLogWithCopiesIsMigratedAndReadsTheSame() throws {
        let scratch = try Scratch()
        let (path, digest, counts) = try Self.replicaAfterAWorkload(seed: 22, in: scratch)
        let log = try SQLShell.rows(path, Self.logAsRead)
        #expect(log.count == counts.operations && counts.operations > 10)
        #expect(log.contains { ($0["changes"] as? String)?.unicodeScalars.contains { $0.value > 0x4E00 } == true })
        try Self.execute(Self.logWithCopies, on: path)
        let reopened = try Replica.open(at: path)
        #expect(try reopened.stateDigest() == digest)
        #expect(try reopened.counts() == counts)
        let migrated = try SQLShell.rows(path, Self.logAsRead)
        #expect(migrated.count == log.count)
        for (before, after) in zip(log, migrated) {
            #expect(before.keys.sorted() == after.keys.sorted())
            for key in before.keys { #expect("\(before[key]!)" == "\(after[key]!)", "\(key)") }
        }
        let valid = try SQLShell.rows(path, "SELECT COUNT(*) AS n FROM operations WHERE json_valid(changes)")
        #expect(valid.first?["n"] as? Int == counts.operations)
        // What it sends is the bodies it held, so a peer takes them as before.
        let held = Dictionary(uniqueKeysWithValues: log.map { ("\($0["origin"]!):\($0["seq"]!)", $0["body"] as? String) })
        let sent = try reopened.signedBatch(missingFrom: VersionVector()).operations
        #expect(!sent.isEmpty)
        for operation in sent {
            #expect(held["\(operation.dot)"] == operation.body.map { String(format: "%02X", $0) }.joined())
        }
        #expect(try SQLShell.rows(path, "SELECT name FROM sqlite_master WHERE name = 'operation_log' AND type = 'table'").count == 1)
    }

    /// Builds before `v7-register-rows-where-shown` kept a row for every surviving write: opening such a
    /// replica leaves only the rows it keeps now, with the same digest.
    @Test(.enabled(if: SQLShell.isAvailable))
    func registerRowsOfSettledFieldsGoWhenTheLayoutIsMigrated() throws {
        let scratch = try Scratch()
        let (path, digest, counts) = try Self.replicaAfterAWorkload(seed: 23, in: scratch)
        try Self.execute(
            """
            INSERT INTO register_values SELECT record_kind, record_id, 'summary', 'sh-pudong', 999, 0, 0, '王磊', '"旧的一行"'
                FROM record_states LIMIT 1;
            DELETE FROM grdb_migrations WHERE identifier = 'v7-register-rows-where-shown';
            """, on: path)
        #expect(try SQLShell.rows(path, "SELECT * FROM register_values WHERE seq = 999").count == 1)
        let reopened = try Replica.open(at: path)
        let rows = try reopened.registerRows()
        #expect(rows.held == rows.expected)
        #expect(try reopened.stateDigest() == digest)
        #expect(try reopened.counts() == counts)
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
