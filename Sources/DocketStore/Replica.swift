import DocketCore
import Foundation
import GRDB

/// One office's replica: the only owner of its SQLite database.
///
/// Every write method is one transaction that keeps the invariants together: the operation log, the
/// materialized tables, the conflict flags and the version vector move together or not at all.
public final class Replica: Sendable {
    /// This replica's node.
    public let node: NodeID
    /// The office code used in human case references, e.g. `SH01`.
    public let officeCode: String
    /// The database file.
    public let path: String
    /// What this replica validates, writes and projects with: `DocketSchema.running` unless a test says.
    public let schema: DocketSchema
    /// The replica's connections: a pool, or one connection for a one-shot command (`Connections`).
    let database: any DatabaseWriter
    /// This node's own signatures made in memory and sent before they are stored (`signAhead`).
    let unstoredSignatures = UnstoredSignatures()

    /// How many connections a replica is opened with.
    public enum Connections: Sendable {
        /// A writer with readers beside it: the daemon, whose sessions read while a batch is applied.
        case pool
        /// One connection for everything: a one-shot command reads and writes in turn, and a second
        /// connection and GRDB's set-up of the pool were a tenth of a `docket case set`'s time.
        case single
    }

    private convenience init(database: any DatabaseWriter, path: String, schema: DocketSchema) throws {
        try self.init(database: database, path: path, schema: schema, node: try database.read(Self.nodeRow))
    }

    private init(database: any DatabaseWriter, path: String, schema: DocketSchema, node row: Row?) throws {
        self.database = database
        self.path = path
        self.schema = schema
        guard let row else { throw StoreError.notInitialized(path: path) }
        self.node = try NodeID(row["node_id"] as String)
        self.officeCode = row["office_code"]
    }

    private static func nodeRow(in db: Database) throws -> Row? {
        try Row.fetchOne(db, sql: "SELECT node_id, office_code FROM node_state")
    }

    /// Opens the replica at `path`. When its tables were projected with another schema version, as
    /// after an upgrade, they are rebuilt from the log first.
    /// - Throws: `StoreError.notInitialized` when there is none.
    public static func open(
        at path: String, schema: DocketSchema = .running, connections: Connections = .pool
    ) throws -> Replica {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.notInitialized(path: path) }
        try ReplicaFile.check(path)
        return try ReplicaFile.reading(path) {
            let database = try Self.openDatabase(at: path, connections: connections)
            let migrator = Self.migrator
            // One read says what opening needs to know. Usually nothing is migrated or projected again, and
            // a command's replica is open after one read transaction instead of three and a migration check
            // (`docs/benchmarks.md`, "Fifteenth round").
            let opening = try database.read { db in
                // A migration this build does not know means tables it would misread: refuse, never guess.
                if try migrator.hasBeenSuperseded(db) { return (superseded: true, current: nil as Row?) }
                guard try migrator.hasCompletedMigrations(db), try Self.projectedSchema(in: db) == schema.version
                else { return (superseded: false, current: nil) }
                return (superseded: false, current: try Self.nodeRow(in: db))
            }
            guard !opening.superseded else { throw StoreError.newerLayout(path: path) }
            if let node = opening.current {
                return try Replica(database: database, path: path, schema: schema, node: node)
            }
            try migrator.migrate(database)
            let replica = try Replica(database: database, path: path, schema: schema)
            try replica.reprojectIfSchemaChanged()
            return replica
        }
    }

    /// Creates a new, empty replica for `node` at `path`.
    /// - Throws: `StoreError.alreadyInitialized` when a replica is already there.
    public static func create(
        at path: String,
        node: NodeID,
        officeCode: String,
        now: Int64,
        schema: DocketSchema = .running
    ) throws -> Replica {
        try Self.checkOfficeCode(officeCode)
        try ReplicaFile.check(path)
        guard !FileManager.default.fileExists(atPath: path) else { throw StoreError.alreadyInitialized(path: path) }
        // A pool: it is what turns the new file's write-ahead log on, and the file keeps it.
        let database = try Self.openDatabase(at: path, connections: .pool)
        try Self.migrator.migrate(database)
        try database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO node_state (id, node_id, office_code, created_at, hlc_millis, hlc_counter, cases_opened)
                    VALUES (1, :node, :office, :now, 0, 0, 0)
                    """,
                arguments: ["node": node.rawValue, "office": officeCode, "now": now]
            )
            // Nothing to project yet: an empty rebuild records the schema, its names and its columns.
            _ = try Self.rebuild(in: db, schema: schema, progress: { _ in })
        }
        return try Replica(database: database, path: path, schema: schema)
    }

    static func checkOfficeCode(_ code: String) throws {
        guard (2...8).contains(code.count), code.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }) else {
            throw InputError(field: "office", "'\(code)' is not an office code (2-8 of A-Z and 0-9, e.g. SH01)")
        }
    }

    /// The writing connection's page cache, in KiB: a limit, not an allocation. 4 MiB writes a few percent
    /// more to disk than 8 during a catch-up, at the same rate, and keeps a daemon's peak 5-7 MiB lower
    /// (`docs/benchmarks.md`, "Thirteenth round").
    static let writerPageCacheKiB = 4 * 1024

    /// The replica's connections, its writer with `synchronous = FULL`: each committed transaction is durable
    /// on its own, so an acknowledged write survives a crash or power cut. Set here and not in
    /// `prepareDatabase`, because the pool switches to NORMAL when it turns WAL on, after that has run.
    /// The writer announces each commit to a watching daemon (`CommitAnnouncer`).
    static func openDatabase(at path: String, connections: Connections) throws -> any DatabaseWriter {
        let database: any DatabaseWriter = switch connections {
        case .pool: try DatabasePool(path: path, configuration: Self.configuration())
        case .single: try DatabaseQueue(path: path, configuration: Self.configuration())
        }
        try database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            db.add(
                transactionObserver: CommitAnnouncer(replicaPath: path, changes: db.totalChangesCount),
                extent: .databaseLifetime)
        }
        return database
    }

    private static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // A batch of 1,000 operations dirties several MiB of pages; with SQLite's default 2 MiB cache
            // they spilled to the log mid-transaction and were read back. Readers keep the default: they
            // dirty nothing, and five of them at the writer's size would dominate the daemon's memory.
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA cache_size = -\(Self.writerPageCacheKiB)")
            }
        }
        return configuration
    }

    /// The version vector: for each origin, the highest `seq` held contiguously.
    public func vector() throws -> VersionVector {
        try self.database.read { try Self.vector(in: $0) }
    }

    static func vector(in db: Database) throws -> VersionVector {
        var vector = VersionVector()
        for row in try Row.fetchAll(try db.cachedStatement(sql: "SELECT origin, seq FROM version_vector")) {
            vector[try NodeID(row["origin"] as String)] = UInt64(row["seq"] as Int64)
        }
        return vector
    }
}
