import DocketTestSupport
import Foundation
import Testing

/// A replica file that is empty, foreign or damaged is named for what it is, with how to recover, by
/// `init`, `doctor` and every other command; nothing is written to it.
@Suite struct ReplicaFileTests {
    let temporary: TemporaryDirectory
    let office: DocketProcess
    var replica: URL { self.office.dataDirectory.appendingPathComponent("replica.sqlite") }

    init() throws {
        self.temporary = try TemporaryDirectory()
        self.office = self.temporary.office("sh", staff: "王磊")
        try FileManager.default.createDirectory(at: self.office.dataDirectory, withIntermediateDirectories: true)
    }

    var commands: [[String]] {
        [
            ["init", "--node", "sh-pudong", "--office", "SH01"], ["status"], ["peers"], ["digest"], ["vector"],
            ["case", "list"], ["customer", "add", "--name", "张伟"], ["history", "SH01-000001"],
            ["backup", self.temporary.url.appendingPathComponent("b.sqlite").path],
        ]
    }

    /// Every command refuses with one line naming the file and the recovery; the file is left as it was.
    func expectNamed(_ problem: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try Data(contentsOf: self.replica)
        for command in self.commands {
            let outcome = try self.office.run(command)
            #expect(outcome.status == 1, "\(command)", sourceLocation: sourceLocation)
            #expect(outcome.stderr.split(separator: "\n").count == 1, "\(command): \(outcome.stderr)", sourceLocation: sourceLocation)
            #expect(outcome.stderr.hasPrefix("error: replica: \(self.replica.path) \(problem)"), "\(command): \(outcome.stderr)",
                    sourceLocation: sourceLocation)
            #expect(outcome.stderr.contains("restore the newest backup"), sourceLocation: sourceLocation)
            #expect(outcome.stderr.contains("re-initialise"), sourceLocation: sourceLocation)
        }
        let doctor = try self.office.run(["doctor"])
        #expect(doctor.status == 2, "\(doctor.stderr)", sourceLocation: sourceLocation)
        #expect(doctor.stderr.isEmpty, "\(doctor.stderr)", sourceLocation: sourceLocation)
        #expect(doctor.stdout.contains("replica  failed"), "\(doctor.stdout)", sourceLocation: sourceLocation)
        #expect(doctor.stdout.contains(problem), sourceLocation: sourceLocation)
        #expect(try Data(contentsOf: self.replica) == before, "the file is untouched", sourceLocation: sourceLocation)
    }

    @Test func anEmptyReplicaFileIsNamedWithTheWayBack() throws {
        _ = FileManager.default.createFile(atPath: self.replica.path, contents: Data())
        try self.expectNamed("is empty (0 bytes), not a replica")
    }

    @Test func aFileThatIsNotSQLiteIsNamedWithTheWayBack() throws {
        try Data("DOCKET-OPS 1\n{\"from\":\"bj-chaoyang\"}\n".utf8).write(to: self.replica)
        try self.expectNamed("is not an SQLite database")
    }

    @Test func doctorReportsADamagedReplicaAsAFailedCheck() throws {
        try self.office.ok(["init", "--node", "sh-pudong", "--office", "SH01"])
        for index in 1...30 { try self.office.ok(["customer", "add", "--name", "客户\(index)", "--notes", String(repeating: "备注", count: 200)]) }
        try self.office.ok(["backup", self.temporary.url.appendingPathComponent("copy.sqlite").path])
        // Scribble over everything after the first page, keeping SQLite's header: the kind of damage a
        // stray write leaves.
        let copy = self.temporary.url.appendingPathComponent("copy.sqlite")
        var bytes = try Data(contentsOf: copy)
        for index in 4096..<bytes.count { bytes[index] = UInt8(truncatingIfNeeded: index &* 31) }
        try FileManager.default.removeItem(at: self.replica)
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: self.replica.path + suffix) }
        try bytes.write(to: self.replica)

        let doctor = try self.office.run(["doctor"])
        #expect(doctor.status == 2, "\(doctor.stdout)\(doctor.stderr)")
        #expect(doctor.stderr.isEmpty, "\(doctor.stderr)")
        #expect(doctor.stdout.contains("failed"), "\(doctor.stdout)")
        #expect(doctor.stdout.contains("is damaged"), "\(doctor.stdout)")
        #expect(doctor.stdout.contains("restore the newest backup"), "\(doctor.stdout)")
        let json = try self.office.run(["doctor", "--json"])
        #expect(json.status == 2)
        let checks = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(checks.contains { $0["level"] as? String == "failed" })
    }
}
