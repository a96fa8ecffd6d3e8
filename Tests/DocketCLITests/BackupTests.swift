import DocketCore
import DocketStore
import DocketTestSupport
import Foundation
import Testing

/// `docket backup` copies a replica that is being written, refuses to clobber, and names `path` when it cannot write.
@Suite struct BackupCommandTests {
    let temporary: TemporaryDirectory
    let office: DocketProcess
    var replicaPath: String { self.office.dataDirectory.appendingPathComponent("replica.sqlite").path }

    init() throws {
        self.temporary = try TemporaryDirectory()
        self.office = try self.temporary.shanghaiWithCustomer()
    }

    @Test func aBackupTakenWhileWritesFlowMatchesTheLogUpToItsVector() throws {
        // This office trusts the CA whose certificate signed the file.
        let signing = try TestSigning(in: self.temporary.url)
        try signing.configure(self.office, as: "sh-pudong")
        let (file, count) = try OperationsFixture.write(operations: 3_000, in: self.temporary.url, signing: signing)
        try self.office.ok(["import", file.path])

        // Registers customers continuously through its own connection, the way `docket serve` or staff would.
        let writer = BackgroundWriter(path: self.replicaPath) { replica, index in
            let now = 1_795_395_600_000 + Int64(index + 1) * 1000
            _ = try replica.write(author: "王磊", now: now) { writer in
                let ref = RecordRef.created(by: writer.nextDot, kind: .customer)
                let changes = try CustomerDesk.add(
                    name: "客户\(now % 100_000)", phone: "13800138000", email: nil, salutation: nil, tier: .regular,
                    notes: "来电询问维修进度")
                try writer.commit(changes, to: ref)
            }
        }
        writer.start()
        defer { writer.stop() }
        writer.waitFor(3)

        let backupPath = self.temporary.url.appendingPathComponent("备份-1.sqlite").path
        let document = try self.office.json(["backup", backupPath]) as? [String: Any]
        // Keep writing a little after the backup, so the source certainly moves past it.
        writer.waitFor(3)
        writer.stopAndWait()
        #expect(writer.failure == nil)

        let source = try Replica.open(at: self.replicaPath)
        let backup = try Replica.open(at: backupPath)
        let vector = try backup.vector()
        #expect(document?["path"] as? String == backupPath)
        #expect(document?["node"] as? String == "sh-pudong")
        let expectedVector = Dictionary(
            uniqueKeysWithValues: vector.sortedEntries.map { ($0.node.rawValue, Int($0.seq)) })
        #expect(document?["vector"] as? [String: Int] == expectedVector)
        #expect(document?["operations"] as? Int == (try backup.counts().operations))
        #expect(
            document?["bytes"] as? Int == (try FileManager.default.attributesOfItem(atPath: backupPath)[.size] as? Int))
        #expect(vector[try NodeID("gz-tianhe")] == UInt64(count))
        #expect(vector[source.node] < (try source.vector())[source.node], "writes continued after the backup")

        #expect(try backup.integrityCheck() == ["ok"])
        let upToVector = try source.operations(missingFrom: VersionVector()).filter {
            $0.dot.seq <= vector[$0.dot.node]
        }
        #expect(upToVector.count == (try backup.counts().operations))
        let fresh = try Replica.create(
            at: self.temporary.url.appendingPathComponent("fresh.sqlite").path, node: try NodeID("verify"),
            officeCode: "VF01", now: 0)
        _ = try fresh.apply(try signing.sign(upToVector), verifier: signing.verifier, source: "test")
        #expect(try fresh.vector() == vector)
        #expect(try backup.stateDigest() == (try fresh.stateDigest()))
        #expect(try backup.rebuild().isIdentical)
        // Nothing but the backup itself is left beside it.
        let names = try FileManager.default.contentsOfDirectory(atPath: self.temporary.url.path)
        #expect(!names.contains { $0.contains("partial") || $0.hasSuffix("-journal") }, "\(names)")
    }

    @Test func theTextReportNamesPathSizeVectorAndOperations() throws {
        let backupPath = self.temporary.url.appendingPathComponent("backup.sqlite").path
        let output = try self.office.ok(["backup", backupPath])
        #expect(output.contains("Backed up sh-pudong to \(backupPath)"))
        #expect(output.contains("vector      sh-pudong:1"))
        #expect(output.contains("operations  1"))
        #expect(output.contains("bytes"))
    }

    @Test func anExistingFileIsRefusedWithoutForce() throws {
        let backupPath = self.temporary.url.appendingPathComponent("backup.sqlite").path
        try Data("上周的备份".utf8).write(to: URL(fileURLWithPath: backupPath))
        let refused = try self.office.run(["backup", backupPath])
        #expect(refused.status == 1)
        #expect(refused.stderr.split(separator: "\n").count == 1)
        #expect(refused.stderr.hasPrefix("error: path: "), "\(refused.stderr)")
        #expect(refused.stderr.contains("--force"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: backupPath)) == Data("上周的备份".utf8))

        try self.office.ok(["backup", backupPath, "--force"])
        #expect(try Replica.open(at: backupPath).counts().customers == 1)
    }

    @Test func aPathThatCannotBeWrittenIsRefusedInOneLine() throws {
        for bad in ["/nonexistent/directory/backup.sqlite", self.temporary.url.path] {
            let outcome = try self.office.run(["backup", bad])
            #expect(outcome.status == 1)
            #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
            #expect(outcome.stderr.hasPrefix("error: path: "), "\(outcome.stderr)")
            #expect(outcome.stderr.contains(bad))
        }
        let missing = try self.office.run(["backup"])
        #expect(missing.status != 0)
    }
}
