import DocketCore
import GRDB

extension Replica {
    /// Which cases a listing shows. Empty criteria match everything.
    public struct CaseFilter: Sendable {
        public var status: CaseStatus?
        public var level: Level?
        public var department: String?
        public var owner: String?
        public var onlyOverdue = false
        public var onlyConflicted = false

        public init() {}
    }

    /// A case in a listing, with what is overdue at the time asked.
    public struct CaseListing: Sendable {
        public let view: CaseView
        public let overdue: Overdue
        public let customerName: String?
    }

    /// A field whose surviving writes disagree.
    public struct Conflict: Sendable {
        public let record: RecordRef
        /// The case's human reference, or the customer's name.
        public let label: String?
        public let field: String
        /// The distinct values, in dot order; `--pick N` counts from 1 in this order.
        public let values: [RegisterValue]
        public let displayed: RegisterValue?
    }

    /// Counts for status screens.
    public struct Counts: Equatable, Sendable {
        public let operations: Int
        public let cases: Int
        public let customers: Int
        public let openConflicts: Int

        public init(operations: Int, cases: Int, customers: Int, openConflicts: Int) {
            self.operations = operations
            self.cases = cases
            self.customers = customers
            self.openConflicts = openConflicts
        }
    }

    public func caseView(_ key: String) throws -> CaseView {
        try self.pool.read { db in
            let id = try Self.caseID(matching: key, in: db) ?? key
            guard let state = try RecordStateStore.load(RecordRef(kind: .case, id: id), in: db) else {
                throw try Self.caseNotFound(key, in: db)
            }
            return CaseView(state)
        }
    }

    public func customerView(_ key: String) throws -> CustomerView {
        try self.pool.read { db in
            guard let state = try RecordStateStore.load(RecordRef(kind: .customer, id: key), in: db) else {
                throw StoreError.notFound(kind: .customer, key: key)
            }
            return CustomerView(state)
        }
    }

    /// Cases matching `filter`, newest first, with overdue evaluated at `now` against `targets`.
    public func cases(matching filter: CaseFilter, now: Int64, targets: ServiceTargets) throws -> [CaseListing] {
        try self.pool.read { db in
            var clauses: [String] = []
            var arguments: StatementArguments = []
            if let status = filter.status {
                clauses.append("c.status = ?")
                _ = arguments.append(contentsOf: [status.rawValue])
            }
            if let level = filter.level {
                clauses.append("c.level = ?")
                _ = arguments.append(contentsOf: [level.rawValue])
            }
            // Names compare as people mean them, whatever form a replicated write stored them in.
            db.add(function: TypedText.normalizedFunction)
            if let department = filter.department {
                clauses.append("\(TypedText.normalizedFunction.name)(c.department) = ?")
                _ = arguments.append(contentsOf: [TypedText.normalized(department)])
            }
            if let owner = filter.owner {
                clauses.append("\(TypedText.normalizedFunction.name)(c.owner) = ?")
                _ = arguments.append(contentsOf: [TypedText.normalized(owner)])
            }
            if filter.onlyConflicted { clauses.append("c.conflicted_fields <> ''") }
            let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT c.id, u.name AS customer_name FROM cases c LEFT JOIN customers u ON u.id = c.customer_id
                    \(whereClause) ORDER BY c.opened_at DESC, c.id
                    """,
                arguments: arguments)
            return try rows.compactMap { row in
                guard let state = try RecordStateStore.load(RecordRef(kind: .case, id: row["id"]), in: db) else {
                    return nil
                }
                let view = CaseView(state)
                let overdue = Overdue(view, now: now, targets: targets)
                if filter.onlyOverdue && !overdue.isOverdue { return nil }
                return CaseListing(view: view, overdue: overdue, customerName: row["customer_name"])
            }
        }
    }

    public func customers() throws -> [CustomerView] {
        try self.pool.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM customers ORDER BY name, id").compactMap {
                try RecordStateStore.load(RecordRef(kind: .customer, id: $0), in: db).map(CustomerView.init)
            }
        }
    }

    /// Every operation on a record, in the order they were written (timestamp, then dot).
    public func history(of record: RecordRef) throws -> [ReplicatedOperation] {
        try self.pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM operations WHERE record_id = ? ORDER BY hlc_millis, hlc_counter, origin, seq",
                arguments: [record.id]
            ).map(Self.operation(from:))
        }
    }

    /// Open conflicts, optionally only those of one record.
    public func conflicts(of record: RecordRef? = nil) throws -> [Conflict] {
        try self.pool.read { db in
            var sql = "SELECT DISTINCT record_id, field FROM conflicts"
            var arguments: StatementArguments = []
            if let record {
                sql += " WHERE record_id = ?"
                arguments = [record.id]
            }
            sql += " ORDER BY record_id, field"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap { row in
                let id: String = row["record_id"]
                let kind = try String.fetchOne(
                    db, sql: "SELECT record_kind FROM record_clocks WHERE record_id = ?", arguments: [id]
                ).flatMap(RecordKind.init(rawValue:)) ?? .case
                let ref = RecordRef(kind: kind, id: id)
                guard let state = try RecordStateStore.load(ref, in: db, withEntries: false),
                    let register = state.registers[row["field"]]
                else { return nil }
                let label = kind == .case
                    ? state.displayValue(of: "ref").text : state.displayValue(of: "name").text
                return Conflict(
                    record: ref,
                    label: label,
                    field: row["field"],
                    values: register.distinctValues,
                    displayed: ConflictRule.display(field: row["field"], values: register.values)
                )
            }
        }
    }

    public func counts() throws -> Counts {
        try self.pool.read { db in
            Counts(
                operations: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM operations") ?? 0,
                cases: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cases") ?? 0,
                customers: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM customers") ?? 0,
                openConflicts: try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM (SELECT DISTINCT record_id, field FROM conflicts)") ?? 0
            )
        }
    }

    /// The operations held here that a replica with `vector` lacks, per origin in `seq` order.
    ///
    /// Reads only the missing rows, through the log's primary key: the cost follows what is missing,
    /// not the size of the replica.
    /// - Parameters:
    ///   - limit: at most this many operations.
    ///   - byteBudget: stop once the operations' stored size passes this (at least one is returned), so a
    ///     batch of unusually large operations still fits a frame. Sizes are UTF-8 bytes: `length` of TEXT
    ///     counts characters, a third of the bytes for Chinese text.
    public func operations(
        missingFrom vector: VersionVector,
        limit: Int = .max,
        byteBudget: Int = .max
    ) throws -> [ReplicatedOperation] {
        try self.pool.read(Self.operationsRead(missingFrom: vector, limit: limit, byteBudget: byteBudget))
    }

    /// The read behind `operations(missingFrom:limit:byteBudget:)`, shared by its blocking and async forms.
    static func operationsRead(
        missingFrom vector: VersionVector,
        limit: Int,
        byteBudget: Int
    ) -> @Sendable (Database) throws -> [ReplicatedOperation] {
        { db in
            var result: [ReplicatedOperation] = []
            var bytes = 0
            for (origin, held) in try Self.vector(in: db).sortedEntries where held > vector[origin] {
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT *, length(CAST(changes AS BLOB)) + length(CAST(clock AS BLOB))
                            + length(CAST(record_id AS BLOB)) AS size
                        FROM operations WHERE origin = ? AND seq > ? ORDER BY seq LIMIT ?
                        """,
                    arguments: [origin.rawValue, Int64(vector[origin]), Int64(min(limit - result.count, Int(Int32.max)))])
                while let row = try rows.next() {
                    if result.count >= limit || (bytes >= byteBudget && !result.isEmpty) { return result }
                    bytes += row["size"] as Int
                    result.append(try Self.operation(from: row))
                }
            }
            return result
        }
    }

    static func operation(from row: Row) throws -> ReplicatedOperation {
        ReplicatedOperation(
            dot: try RecordStateStore.dot(row),
            record: RecordRef(kind: RecordKind(rawValue: row["record_kind"])!, id: row["record_id"]),
            clock: try Coding.decode(VectorClock.self, from: row["clock"]),
            timestamp: RecordStateStore.timestamp(row),
            author: row["author"],
            changes: try Coding.decode([Change].self, from: row["changes"])
        )
    }
}
