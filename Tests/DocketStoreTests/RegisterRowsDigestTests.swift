import DocketCore
@testable import DocketStore
import GRDB
import Testing

/// Builds before migration v7 kept a `register_values` row for every surviving write, and digested the
/// table. This build keeps fewer rows and digests every write from the state blobs instead: offices on
/// either build must compute the same digest, so the two readings must be the same rows, in the same order.
@Suite struct RegisterRowsDigestTests {
    @Test(arguments: [UInt64(31), 32])
    func theDigestReadsEveryWriteAsTheFullTableHeldIt(seed: UInt64) throws {
        let scratch = try Scratch()
        let offices = try StoreWorkload.healed(seed: seed, in: scratch).offices
        let replica = offices[0]
        let kept = try replica.registerRows().held.count
        let digest = try replica.stateDigest()

        var digested: [String] = []
        try replica.database.read { db in
            try Replica.forEachRegisterWrite(in: db) { _, row in digested.append(row) }
        }
        // The table as the builds before kept it, read back in SQLite's key order.
        try replica.database.write { db in
            try db.execute(sql: "DELETE FROM register_values")
            try Replica.forEachRegister(in: db) { ref, field, register in
                for write in register.values {
                    try RegisterValueRow(ref: ref, field: field, write: write).write(into: db)
                }
            }
        }
        let full = try replica.registerRows().held
        #expect(full == digested, "seed \(seed)")
        #expect(full.count > kept, "seed \(seed): the workload should leave settled fields")
        // Which rows the table holds does not move the digest; a rebuild puts the kept rows back and says so.
        #expect(try replica.stateDigest() == digest)
        let report = try replica.rebuild()
        #expect(!report.registerRowsUnchanged && !report.isIdentical && report.digestBefore == report.digestAfter)
        #expect(try replica.registerRows().held.count == kept)
    }
}
