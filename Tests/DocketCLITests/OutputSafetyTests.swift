import DocketCore
import DocketStore
import DocketTestSupport
import Foundation
import Testing

/// No command writes over the replica or its files, whatever the path spelling or link; existing files are
/// replaced only with `--force`, atomically; `-` is standard output.
@Suite struct OutputSafetyTests {
    let temporary: TemporaryDirectory
    let office: DocketProcess

    init() throws {
        self.temporary = try TemporaryDirectory()
        self.office = self.temporary.office("sh", staff: "王磊")
        try self.office.ok(["init", "--node", "sh-pudong", "--office", "SH01"])
        try self.office.ok(["customer", "add", "--name", "张伟", "--notes", "多次来电投诉"])
    }

    var data: String { self.office.dataDirectory.path }

    /// Every way of naming the replica and its WAL and shared-memory files that the tests can build.
    func replicaSpellings() throws -> [String] {
        let links = self.temporary.url.appendingPathComponent("links")
        try FileManager.default.createDirectory(at: links, withIntermediateDirectories: true)
        let symlink = links.appendingPathComponent("看这里.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: symlink, withDestinationPath: "\(self.data)/replica.sqlite")
        let hardLink = links.appendingPathComponent("hard.sqlite").path
        try FileManager.default.linkItem(atPath: "\(self.data)/replica.sqlite", toPath: hardLink)
        let linkedDirectory = links.appendingPathComponent("data").path
        try FileManager.default.createSymbolicLink(atPath: linkedDirectory, withDestinationPath: self.data)
        let dangling = links.appendingPathComponent("wal-link").path
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: "\(self.data)/replica.sqlite-wal")
        return [
            "\(self.data)/replica.sqlite", "\(self.data)/replica.sqlite-wal", "\(self.data)/replica.sqlite-shm",
            "\(self.data)/../sh/replica.sqlite", "\(self.data)//replica.sqlite", "\(self.data)/./replica.sqlite-shm",
            symlink, hardLink, "\(linkedDirectory)/replica.sqlite", dangling, "\(self.data)/admin.sock",
        ]
    }

    @Test func exportAndBackupNeverWriteOverTheReplica() throws {
        for path in try self.replicaSpellings() {
            for force in [[], ["--force"]] {
                try self.office.expectRefused(["export", "--since", "", "--out", path] + force, saying: "out: ")
                try self.office.expectRefused(["backup", path] + force, saying: "path: ")
            }
        }
        let outcome = try self.office.run(["export", "--out", "\(self.data)/replica.sqlite", "--force"])
        #expect(outcome.stderr.contains("is the replica or one of its files; refusing to write over it"))
        #expect(try self.office.ok(["customer", "show", "cust-sh-pudong-1"]).contains("张伟"))
    }

    @Test func aPathRelativeToTheWorkingDirectoryIsResolvedToo() throws {
        // Process cannot set a working directory per run, so a shell changes into the data directory first.
        let before = try self.office.ok(["digest"])
        let script = "cd \"$1\" && \"$0\" export --out ./x/../replica.sqlite --force; \"$0\" backup replica.sqlite-shm --force"
        try FileManager.default.createDirectory(atPath: "\(self.data)/x", withIntermediateDirectories: true)
        let outcome = try DocketProcess.run(
            ["-c", script, DocketProcess.binary.path, self.data],
            environment: ["DOCKET_DATA_DIR": self.data, "DOCKET_STAFF": "王磊"],
            executable: URL(fileURLWithPath: "/bin/sh"))
        #expect(outcome.status == 1)
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 2 && lines.allSatisfy { $0.contains("refusing to write over it") }, "\(outcome.stderr)")
        #expect(try self.office.ok(["digest"]) == before)
    }

    /// Whether an operations file this office exported decodes, checked as an importer checks it, and
    /// registers 张伟: the file is the file, not a summary of it.
    func holdsTheCustomer(_ file: Data, signing: TestSigning) throws -> Bool {
        let contents = try OperationFile.decode(file, verifier: signing.verifier)
        return contents.batch.operations.contains { $0.operation.changes.contains(.set(field: "name", value: .text("张伟"))) }
    }

    @Test func anExistingFileIsReplacedOnlyWithForceAndAtomically() throws {
        let signing = try TestSigning(in: self.temporary.url)
        try signing.configure(self.office, as: "sh-pudong")
        let directory = self.temporary.url.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("上海.ops").path
        try Data("旧文件".utf8).write(to: URL(fileURLWithPath: file))
        try self.office.expectRefused(["export", "--out", file], saying: "already exists; pass --force to replace it")
        #expect(FileManager.default.contents(atPath: file) == Data("旧文件".utf8))
        #expect(try self.office.ok(["export", "--out", file, "--force"]).contains("Exported 1 operation"))
        #expect(try self.holdsTheCustomer(FileManager.default.contents(atPath: file) ?? Data(), signing: signing))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["上海.ops"], "no temporary left")

        let backup = directory.appendingPathComponent("备份.sqlite").path
        try self.office.ok(["backup", backup])
        try self.office.expectRefused(["backup", backup], saying: "already exists; pass --force")
        try self.office.ok(["backup", backup, "--force"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["上海.ops", "备份.sqlite"])
    }

    @Test func devicesAndDirectoriesAreNotReplaced() throws {
        try self.office.expectRefused(["export", "--out", "/dev/null", "--force"], saying: "not a regular file")
        try self.office.expectRefused(["export", "--out", self.temporary.url.path], saying: "is a directory")
        try self.office.expectRefused(["export", "--out", ""], saying: "out: name a file")
        try self.office.expectRefused(["export", "--out", "/nonexistent/目录/x.ops"], saying: "does not exist")
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)
    }

    @Test func dashMeansStandardOutput() throws {
        // Certificates from one CA, so Beijing accepts the file.
        let signing = try TestSigning(in: self.temporary.url)
        try signing.configure(self.office, as: "sh-pudong")
        let exported = try self.office.run(["export", "--out", "-"])
        #expect(exported.status == 0)
        #expect(try self.holdsTheCustomer(Data(exported.stdout.utf8), signing: signing), "standard output carries the file")
        #expect(exported.stderr.contains("Exported 1 operation to -"))
        #expect(!FileManager.default.fileExists(atPath: "-"))
        let file = self.temporary.url.appendingPathComponent("piped.ops")
        try Data(exported.stdout.utf8).write(to: file)
        let beijing = try signing.office(in: self.temporary, "bj", staff: "赵敏", node: "bj-chaoyang")
        try beijing.ok(["init", "--node", "bj-chaoyang", "--office", "BJ01"])
        #expect(try beijing.ok(["import", file.path]).contains("1 applied"))

        let backup = try self.office.run(["backup", "-"])
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.stdout.hasPrefix("SQLite format 3"))
        try self.office.expectRefused(["export", "--out", "-", "--json"], saying: "standard output")
    }

    @Test func certificateFilesAreReplacedOnlyWithForce() throws {
        let ca = self.temporary.url.appendingPathComponent("ca").path
        let out = self.temporary.url.appendingPathComponent("node").path
        try self.office.ok(["certs", "ca", "--out", ca])
        try self.office.ok(["certs", "issue", "sh-pudong", "--ca-dir", ca, "--out", out])
        let key = FileManager.default.contents(atPath: "\(out)/sh-pudong.key")
        try self.office.expectRefused(["certs", "issue", "sh-pudong", "--ca-dir", ca, "--out", out], saying: "pass --force")
        #expect(FileManager.default.contents(atPath: "\(out)/sh-pudong.key") == key)
        // A second node beside the first shares the identical CA copy.
        try self.office.ok(["certs", "issue", "bj-chaoyang", "--ca-dir", ca, "--out", out])
        try self.office.ok(["certs", "issue", "sh-pudong", "--ca-dir", ca, "--out", out, "--force"])
        #expect(FileManager.default.contents(atPath: "\(out)/sh-pudong.key") != key)
        try self.office.expectRefused(["certs", "ca", "--out", ca], saying: "a CA is never replaced")
        try self.office.expectRefused(["certs", "ca", "--out", "-"], saying: "name a directory")
    }
}
