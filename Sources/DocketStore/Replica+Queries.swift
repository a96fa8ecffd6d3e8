import DocketCodec
import DocketCore
import Foundation
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
        try self.database.read { db in
            let id = try Self.caseID(matching: key, in: db) ?? key
            guard let state = try RecordStateStore.load(RecordRef(kind: .case, id: id), in: db) else {
                throw try Self.caseNotFound(key, in: db)
            }
            return CaseView(state)
        }
    }

    public func customerView(_ key: String) throws -> CustomerView {
        try self.database.read { db in
            guard let state = try RecordStateStore.load(RecordRef(kind: .customer, id: key), in: db) else {
                throw StoreError.notFound(kind: .customer, key: key)
            }
            return CustomerView(state)
        }
    }

    /// Cases matching `filter`, newest first, with overdue evaluated at `now` against `targets`.
    public func cases(matching filter: CaseFilter, now: Int64, targets: ServiceTargets) throws -> [CaseListing] {
        try self.database.read { db in
            var clauses: [String] = []
            var arguments: [String: (any DatabaseValueConvertible)?] = [:]
            for (column, value) in [("status", filter.status?.rawValue), ("level", filter.level?.rawValue)] {
                guard let value else { continue }
                clauses.append("c.\(column) = :\(column)")
                arguments[column] = value
            }
            // Names compare as people mean them, whatever form a replicated write stored them in.
            db.add(function: TypedText.normalizedFunction)
            for (column, value) in [("department", filter.department), ("owner", filter.owner)] {
                guard let value else { continue }
                clauses.append("\(TypedText.normalizedFunction.name)(c.\(column)) = :\(column)")
                arguments[column] = TypedText.normalized(value)
            }
            if filter.onlyConflicted { clauses.append("c.conflicted_fields <> ''") }
            let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT c.id, u.name AS customer_name FROM cases c LEFT JOIN customers u ON u.id = c.customer_id
                    \(whereClause) ORDER BY c.opened_at DESC, c.id
                    """,
                arguments: StatementArguments(arguments))
            return try rows.compactMap { row in
                let view = CaseView(try Self.loadListed(RecordRef(kind: .case, id: row["id"]), in: db))
                let overdue = Overdue(view, now: now, targets: targets)
                if filter.onlyOverdue && !overdue.isOverdue { return nil }
                return CaseListing(view: view, overdue: overdue, customerName: row["customer_name"])
            }
        }
    }

    public func customers() throws -> [CustomerView] {
        try self.database.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM customers ORDER BY name, id").map {
                CustomerView(try Self.loadListed(RecordRef(kind: .customer, id: $0), in: db))
            }
        }
    }

    /// The state of a record listed in `cases` or `customers`, which always has one.
    private static func loadListed(_ ref: RecordRef, in db: Database) throws -> RecordState {
        guard let state = try RecordStateStore.load(ref, in: db) else {
            throw StoreError.inconsistent("\(ref.kind.rawValue) \(ref.id) has a row but no merge state")
        }
        return state
    }

    /// Every operation on a record, in the order they were written (timestamp, then dot).
    public func history(of record: RecordRef) throws -> [ReplicatedOperation] {
        try self.database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT origin, seq, body FROM operation_log WHERE record_id = :id AND record_kind = :kind
                    ORDER BY hlc_millis, hlc_counter, origin, seq
                    """,
                arguments: RecordStateStore.key(record)
            ).map(Self.operation(from:))
        }
    }

    /// Open conflicts, optionally only those of one record.
    public func conflicts(of record: RecordRef? = nil) throws -> [Conflict] {
        try self.database.read { db in
            var sql = "SELECT record_kind, record_id, field FROM conflicts"
            var arguments: StatementArguments = []
            if let record {
                sql += " WHERE record_kind = :kind AND record_id = :id"
                arguments = RecordStateStore.key(record)
            }
            sql += " ORDER BY record_id, record_kind, field"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let ref = try Self.record(row)
                let field: String = row["field"]
                guard let register = try RecordStateStore.register(field, of: ref, in: db) else {
                    throw StoreError.inconsistent("\(ref.id) has writes to \(field) but no frontier")
                }
                return Conflict(
                    record: ref,
                    label: try Self.label(of: ref, in: db),
                    field: field,
                    values: register.distinctValues,
                    displayed: ConflictRule.display(field: field, values: register.values)
                )
            }
        }
    }

    public func counts() throws -> Counts {
        try self.database.read { db in
            Counts(
                operations: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM operation_log") ?? 0,
                cases: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cases") ?? 0,
                customers: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM customers") ?? 0,
                openConflicts: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM conflicts") ?? 0
            )
        }
    }

    /// The operations held here that a replica with `vector` lacks, per origin in `seq` order, decoded.
    ///
    /// What goes to peers (`outgoingBatch`) and files (`signedBatch(missingFrom:…)`) is cut where
    /// signatures cover it; this is the plain reading. Reads only the missing rows, through the log's index
    /// on origin and seq: the cost follows what is missing, not the size of the replica.
    /// - Parameters:
    ///   - limit: at most this many operations.
    ///   - byteBudget: stop once the operations' bodies pass this many bytes (at least one is returned).
    public func operations(
        missingFrom vector: VersionVector,
        limit: Int = .max,
        byteBudget: Int = .max
    ) throws -> [ReplicatedOperation] {
        try self.database.read { db in
            var result: [ReplicatedOperation] = []
            var bytes = 0
            for (origin, held) in try Self.vector(in: db).sortedEntries where held > vector[origin] {
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT origin, seq, body, length(body) AS size
                        FROM operation_log WHERE origin = ? AND seq > ? ORDER BY seq LIMIT ?
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

    /// A case's human reference or a customer's name, as its row shows it.
    private static func label(of ref: RecordRef, in db: Database) throws -> String? {
        let sql = ref.kind == .case
            ? "SELECT ref FROM cases WHERE id = :id" : "SELECT name FROM customers WHERE id = :id"
        return try String.fetchOne(try db.cachedStatement(sql: sql), arguments: ["id": ref.id])
    }

    /// The record a row's `record_kind` and `record_id` name.
    static func record(_ row: Row) throws -> RecordRef {
        guard let kind = RecordKind(rawValue: row["record_kind"]) else {
            throw StoreError.inconsistent("a row names the unknown record kind '\(row["record_kind"] as String)'")
        }
        return RecordRef(kind: kind, id: row["record_id"])
    }

    /// The operation a log row holds, read from its body: the bytes its origin signed are the truth, the
    /// columns beside them a reading for plain SQL.
    static func operation(from row: Row) throws -> ReplicatedOperation {
        try Self.encodedOperation(from: row).operation
    }

    static func encodedOperation(from row: Row) throws -> EncodedOperation {
        do {
            return try EncodedOperation(body: [UInt8](row["body"] as Data))
        } catch {
            throw StoreError.inconsistent("the body of operation \(row["origin"] as String):\(row["seq"] as Int64) does not decode: \(error)")
        }
    }
}
