import DocketTestSupport
import DocketCore
import DocketStore
import Foundation
import Testing

/// A process killed with SIGKILL in the middle of importing a large batch leaves a replica that opens,
/// passes `PRAGMA integrity_check`, and holds either none or all of the batch.
@Suite struct CrashDuringImportTests {
    @Test func killedImportLeavesNoneOrAllOfTheBatch() throws {
        let temporary = try TemporaryDirectory()
        // The importing offices trust the CA whose certificate signed the file.
        let signing = try TestSigning(in: temporary.url)
        let (file, count) = try OperationsFixture.write(operations: 8_000, in: temporary.url, signing: signing)

        // Time one uninterrupted import, then kill others at points spread across that duration:
        // while reading the file, while applying, while committing, and after finishing.
        let reference = try signing.office(in: temporary, "reference", staff: "王磊", node: "sh-pudong")
        try reference.ok(["init", "--node", "sh-pudong"])
        let started = Date()
        try reference.ok(["import", file.path])
        let duration = Date().timeIntervalSince(started)

        var outcomes: [String] = []
        for (attempt, fraction) in [0.2, 0.5, 0.8, 0.95, 1.5].enumerated() {
            let delay = duration * fraction
            let office = try signing.office(in: temporary, "crash-\(attempt)", staff: "王磊", node: "sh-pudong")
            try office.ok(["init", "--node", "sh-pudong"])
            let process = Process()
            process.executableURL = DocketProcess.binary
            process.arguments = ["import", file.path]
            process.environment = ["DOCKET_DATA_DIR": office.dataDirectory.path, "DOCKET_STAFF": "王磊"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()

            let replica = try Replica.open(at: office.dataDirectory.appendingPathComponent("replica.sqlite").path)
            #expect(try replica.integrityCheck() == ["ok"])
            let held = try replica.vector()[try NodeID("gz-tianhe")]
            let counts = try replica.counts()
            #expect(held == 0 || held == UInt64(count), "held \(held) of \(count)")
            #expect(counts.operations == Int(held))
            if held > 0 {
                #expect(try replica.rebuild().isIdentical)
            }
            outcomes.append(held == 0 ? "none" : "all")
        }
        // Report which way each kill went; both are correct, a partial batch is not.
        print("import of \(count) operations took \(duration) s; kills left: \(outcomes.joined(separator: ", "))")
    }
}
