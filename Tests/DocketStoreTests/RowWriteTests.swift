import Foundation
import GRDB
import Testing

@testable import DocketStore

/// Rows bind their values by position; the names beside the values are what keeps them in step with the
/// statement, so the reading of a statement's placeholders must be right.
@Suite struct RowWriteTests {
    @Test func placeholdersAreReadInTheOrderSQLiteNumbersThem() {
        #expect(placeholderNames(in: makeInsertSQL(into: "t", columns: ["a", "b_2", "c"])) == ["a", "b_2", "c"])
        #expect(placeholderNames(in: RecordStateRow.sql) == ["record_kind", "record_id", "last_changed_at", "state"])
        // A name used twice keeps the number of its first use.
        #expect(placeholderNames(in: "UPDATE t SET x = :x WHERE y = :y OR z = :x") == ["x", "y"])
    }

    @Test func everyRowStatementNamesEachPlaceholderOnce() {
        for sql in [
            OperationRow.sql, EntryRow.sql, VersionVectorRow.sql, CertificateRow.sql,
            ChainSignatureRow.sql, EquivocationRow.sql, RegisterValueRow.sql,
            SetMemberRow.sql, CustomerRow.sql, RegisterRowsDeletion.sql,
            SetRowsDeletion.sql, RecordStateLookup.sql,
        ] + CaseRow.upserts.values {
            // Each placeholder is bound once, under the number of its first use.
            let names = placeholderNames(in: sql)
            #expect(!names.isEmpty)
            #expect(Set(names).count == names.count)
        }
        #expect(placeholderNames(in: CustomerRow.sql) == CustomerRow.columns)
        // One upsert per set of indexed columns it updates, each updating those and no other.
        #expect(CaseRow.upserts.count == 1 << CaseRow.indexedColumns.count)
        for (updating, sql) in CaseRow.upserts {
            #expect(placeholderNames(in: sql) == CaseRow.columns)
            for column in CaseRow.indexedColumns {
                #expect(sql.contains(" \(column) = excluded.\(column)") == updating.contains(column), "\(sql)")
            }
        }
    }

    /// A row of every kind of value `RowBinding` takes, into a table that keeps each as given.
    struct Sample: RowWrite {
        static let sql = makeInsertSQL(into: "samples", columns: ["id", "text", "maybe", "number", "flag", "data"])
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
            try Sample(id: 1).write(into: db)
            try Sample(id: 2, text: "客户投诉维修后空调仍漏水", maybe: "王磊", number: -7, flag: true, data: [0, 255, 1])
                .write(into: db)
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
            try Sample(id: 1).write(into: db)
            #expect {
                try Sample(id: 1).write(into: db)
            } throws: { error in
                (error as? DatabaseError)?.resultCode == .SQLITE_CONSTRAINT
            }
            try Sample(id: 2).write(into: db)
        }
        #expect(try queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM samples") } == 2)
        let outside = Result { try queue.writeWithoutTransaction { db in try Sample(id: 3).write(into: db) } }
        #expect(throws: DatabaseError.self) { try outside.get() }
        #expect(try queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM samples") } == 2)
    }

    /// A sample's number and data, looked up by its id.
    struct SampleLookup: RowLookup {
        static let sql = "SELECT number, data FROM samples WHERE id = :id"
        let id: Int64

        func bind(to row: inout RowBinding) { row.bind("id", self.id) }
        func read(_ row: FoundRow) throws -> (Int64, [UInt8]) { (row.int64(at: 0), row.bytes(at: 1)) }
    }

    @Test func aLookupReadsTheRowItFindsOrNothing() throws {
        let queue = try Self.samples()
        try queue.write { db in
            try Sample(id: 1, number: 42, data: [7, 0, 9]).write(into: db)
            try Sample(id: 2).write(into: db)
        }
        try queue.read { db in
            let found = try SampleLookup(id: 1).first(in: db)
            #expect(found?.0 == 42 && found?.1 == [7, 0, 9])
            let empty = try SampleLookup(id: 2).first(in: db)
            #expect(empty?.0 == 0 && empty?.1 == [])
            #expect(try SampleLookup(id: 3).first(in: db) == nil)
        }
    }
}
