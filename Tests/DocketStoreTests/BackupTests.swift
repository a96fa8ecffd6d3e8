import DocketCore
import DocketStore
import DocketTestSupport
import Foundation
import Testing

/// A backup is the replica as of one commit, even when writes land between the backup's steps.
@Suite struct BackupTests {
    /// Enough pages that a backup takes many steps, with other offices' operations in the log too.
    static func largeReplica(in scratch: Scratch) throws -> (Replica, RecordRef) {
        let source = try scratch.replica(Fixtures.pudong)
        let customer = try source.addCustomer(traits: ["价格敏感型"])
        let other = try scratch.replica(Fixtures.chaoyang)
        let otherCustomer = try other.addCustomer(name: "周杰")
        for index in 0..<300 {
            try other.openCase(
                customer: otherCustomer, summary: "第\(index)次投诉：安装师傅态度恶劣", now: Fixtures.morning + Int64(index))
        }
        try source.receive(from: other, signing: scratch.signing)
        return (source, customer)
    }

    @Test func aBackupTakenWhileWritesFlowIsExactlyTheLogUpToItsVector() throws {
        let scratch = try Scratch()
        let (source, customer) = try Self.largeReplica(in: scratch)

        // Writes cases continuously through its own connection to the replica file, as another process would.
        let writer = BackgroundWriter(path: source.path) { replica, index in
            let now = Fixtures.morning + Int64(index + 1) * 60_000
            let ref = try replica.openCase(customer: customer, summary: "第\(now)号：退款三周未到账", now: now)
            try replica.change(ref, now: now + 1) { view in
                try Fixtures.handoff(view, to: "财务部", owner: "刘洋")
            }
        }
        writer.start()
        defer { writer.stop() }
        writer.waitFor(5)

        // Between steps, wait for the writer to commit again, so writes certainly land during the backup.
        var steps = 0
        var writesDuring = 0
        let path = scratch.path("backup.sqlite")
        let report = try source.backup(to: path, pagesPerStep: 8) { copied, total in
            steps += 1
            guard copied < total, steps % 10 == 1 else { return }
            let seen = writer.committed
            let deadline = Date().addingTimeInterval(2)
            while writer.committed == seen && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.002)
            }
            writesDuring += writer.committed - seen
        }
        writer.stopAndWait()
        #expect(writer.failure == nil)
        #expect(steps > 10, "the backup should take many steps, took \(steps)")
        #expect(writesDuring > 0, "writes should land while the backup runs")

        let latest = try source.vector()
        #expect(report.vector[Fixtures.pudong] < latest[Fixtures.pudong], "the source moved on after the backup")
        #expect(report.vector[Fixtures.chaoyang] == 301)

        let backup = try Replica.open(at: path)
        #expect(backup.node == Fixtures.pudong)
        #expect(try backup.integrityCheck() == ["ok"])
        #expect(try backup.vector() == report.vector)
        #expect(try backup.counts().operations == report.operations)
        #expect(
            report.bytes == (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value)

        // A replica built from exactly the source's operations up to the backup's vector matches it.
        let upToVector = try source.operations(missingFrom: VersionVector()).filter {
            $0.dot.seq <= report.vector[$0.dot.node]
        }
        #expect(upToVector.count == report.operations)
        let fresh = try scratch.replica(Fixtures.tianhe)
        _ = try fresh.apply(upToVector, signedBy: scratch.signing)
        #expect(try fresh.vector() == report.vector)
        #expect(try backup.stateDigest() == (try fresh.stateDigest()))
        #expect(try backup.rebuild().isIdentical)
    }

    @Test func anExistingFileIsNeverOverwritten() throws {
        let scratch = try Scratch()
        let source = try scratch.replica(Fixtures.pudong)
        try source.addCustomer(name: "张伟")
        let path = scratch.path("backup.sqlite")
        try Data("旧的备份".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: InputError.self) { try source.backup(to: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("旧的备份".utf8))
    }

    @Test func aFailedBackupLeavesNothingBehind() throws {
        let scratch = try Scratch()
        let source = try scratch.replica(Fixtures.pudong)
        try source.addCustomer(name: "张伟")
        let path = scratch.path("missing-directory/backup.sqlite")
        #expect(throws: (any Error).self) { try source.backup(to: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
