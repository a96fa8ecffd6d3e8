import DocketCore
import DocketStore
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
