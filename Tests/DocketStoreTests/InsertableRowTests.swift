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
            SetMemberRow.insertSQL, CaseRow.insertSQL, CustomerRow.insertSQL,
        ] {
            // Each column is bound once, so a statement never names a placeholder twice.
            let names = placeholderNames(in: sql)
            #expect(!names.isEmpty)
            #expect(Set(names).count == names.count)
        }
        #expect(placeholderNames(in: CaseRow.insertSQL) == CaseRow.columns)
        #expect(placeholderNames(in: CustomerRow.insertSQL) == CustomerRow.columns)
    }
}
