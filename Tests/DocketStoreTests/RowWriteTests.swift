import Foundation
import GRDB
import Testing

@testable import DocketStore

/// Rows bind their values by position; the names beside the values are what keeps them in step with the
/// statement, so the reading of a statement's placeholders must be right.
@Suite struct InsertableRowTests {
    @Test func placeholdersAreReadInTheOrderSQLiteNumbersThem() {
        #expect(placeholderNames(in: makeInsertSQL(into: "t", columns: ["a", "b_2", "c"])) == ["a", "b_2", "c"])
        #expect(placeholderNames(in: RecordStateRow.insertSQL) == ["record_kind", "record_id", "last_changed_at", "state"])
        // A name used twice keeps the number of its first use.
        #expect(placeholderNames(in: "UPDATE t SET x = :x WHERE y = :y OR z = :x") == ["x", "y"])
    }

    @Test func everyRowStatementNamesEachPlaceholderOnce() {
        for sql in [
            OperationRow.insertSQL, EntryRow.insertSQL, VersionVectorRow.insertSQL, CertificateRow.insertSQL,
            ChainSignatureRow.insertSQL, EquivocationRow.insertSQL, RegisterValueRow.insertSQL,
            SetMemberRow.insertSQL, CaseRow.insertSQL, CustomerRow.insertSQL, CaseKeysRow.insertSQL,
        ] {
            // Each column is bound once, so a statement never names a placeholder twice.
            let names = placeholderNames(in: sql)
            #expect(!names.isEmpty)
            #expect(Set(names).count == names.count)
        }
        #expect(placeholderNames(in: CaseRow.insertSQL) == CaseRow.columns)
        #expect(placeholderNames(in: CustomerRow.insertSQL) == CustomerRow.columns)
    }

    /// A row of every kind of value `RowBinding` takes, into a table that keeps each as given.
    struct Sample: InsertableRow {
        static let insertSQL = makeInsertSQL(into: "samples", columns: ["id", "text", "maybe", "number", "flag", "data"])
        var id: Int64
        var text = ""
        var maybe: String?
        var number: Int64? = nil
        var flag = false
        var data: [UInt8] = []

        func bind(to row: inout RowBinding) throws {
            row.bind("id", self.id)
            row.bind("text", self.text)
            row.bind("maybe", self.maybe)
            row.bind("number", self.number)
            row.bind("flag", self.flag)
            row.bind("data", blob: self.data)
        }
    }

    static func samples() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE samples (id INTEGER PRIMARY KEY, text TEXT NOT NULL, maybe TEXT, number INTEGER,
                    flag INTEGER NOT NULL, data BLOB NOT NULL)
                """)
        }
        return queue
    }

    /// Empty text and blobs have no storage to point at; they must still arrive as empty values, not as
    /// NULL, and Chinese text and any byte as they were.
    @Test func valuesArriveAsBound() throws {
        let queue = try Self.samples()
        try queue.write { db in
            try Sample(id: 1).insert(into: db)
            try Sample(id: 2, text: "客户投诉维修后空调仍漏水", maybe: "王磊", number: -7, flag: true, data: [0, 255, 1])
                .insert(into: db)
        }
        // `quote` shows each value as an SQL literal: '' is empty text, X'' an empty blob, NULL nothing.
        let rows = try queue.read { db in
            try String.fetchAll(db, sql: """
                SELECT quote(text) || ' ' || quote(maybe) || ' ' || quote(number) || ' ' || flag || ' ' || quote(data)
                FROM samples ORDER BY id
                """)
        }
        #expect(rows == ["'' NULL NULL 0 X''", "'客户投诉维修后空调仍漏水' '王磊' -7 1 X'00FF01'"])
    }

    /// A refused row throws SQLite's error, leaves the transaction and the statement usable, and a row is
    /// never written outside a transaction, where it would commit on its own.
    @Test func failuresThrowAndLeaveTheStatementUsable() throws {
        let queue = try Self.samples()
        try queue.write { db in
            try Sample(id: 1).insert(into: db)
            #expect {
                try Sample(id: 1).insert(into: db)
            } throws: { error in
                (error as? DatabaseError)?.resultCode == .SQLITE_CONSTRAINT
            }
            try Sample(id: 2).insert(into: db)
        }
        #expect(try queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM samples") } == 2)
        let outside = Result { try queue.writeWithoutTransaction { db in try Sample(id: 3).insert(into: db) } }
        #expect(throws: DatabaseError.self) { try outside.get() }
        #expect(try queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM samples") } == 2)
    }
}
