import DocketTestSupport
import Foundation
import Testing

/// A full disk and a read-only data directory, on small file systems mounted for the test: both need root
/// (as CI has); elsewhere the tests are skipped with that reason.
@Suite(.serialized, .enabled(if: ScratchMount.isPossible, "mounting a small tmpfs needs root; skipped"))
struct DiskFailureTests {
    let temporary: TemporaryDirectory
    let office: DocketProcess

    init() throws {
        self.temporary = try TemporaryDirectory()
        self.office = self.temporary.office("sh", staff: "王磊")
        try self.office.ok(["init", "--node", "sh-pudong", "--office", "SH01"])
        try self.office.ok(["customer", "add", "--name", "张伟", "--notes", String(repeating: "多次来电投诉", count: 300)])
    }

    @Test func exportAndBackupOnAFullDiskSaySo() throws {
        let mount = try ScratchMount(in: self.temporary.url, size: "256k")
        defer { mount.unmount() }
        try mount.fill()
        let file = mount.path + "/上海.ops"
        try self.office.expectRefused(["export", "--out", file], saying: "out: cannot write \(file): the disk is full")
        let backup = mount.path + "/备份.sqlite"
        try self.office.expectRefused(["backup", backup], saying: "path: cannot write \(backup): the disk is full")
        #expect(try FileManager.default.contentsOfDirectory(atPath: mount.path) == ["filler"], "nothing partial left")
    }

    @Test func aReadOnlyDataDirectoryIsSaidInOneLine() throws {
        let mount = try ScratchMount(in: self.temporary.url, size: "4m")
        defer { mount.unmount() }
        let office = DocketProcess(dataDirectory: URL(fileURLWithPath: mount.path + "/data"), staff: "王磊")
        try office.ok(["init", "--node", "sh-pudong", "--office", "SH01"])
        try office.ok(["customer", "add", "--name", "张伟"])
        let before = try office.ok(["digest"])
        try mount.remountReadOnly()
        for arguments in [["customer", "add", "--name", "李娜"], ["case", "list"], ["digest"]] {
            let outcome = try office.run(arguments)
            #expect(outcome.status == 1, "\(arguments): \(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
            #expect(outcome.stderr.hasPrefix("error: replica: "), "\(outcome.stderr)")
            #expect(outcome.stderr.contains("read-only"), "\(outcome.stderr)")
            #expect(!outcome.stderr.contains("SELECT") && !outcome.stderr.contains("PRAGMA"), "\(outcome.stderr)")
        }
        try mount.remountWritable()
        #expect(try office.ok(["digest"]) == before)
    }
}

/// A small tmpfs mounted under a test's temporary directory.
struct ScratchMount {
    let path: String

    /// Whether this process may mount file systems (it is root, and the kernel lets it).
    static let isPossible: Bool = {
        guard getuid() == 0, let probe = try? TemporaryDirectory(),
            let mount = try? ScratchMount(in: probe.url, size: "64k")
        else { return false }
        mount.unmount()
        return true
    }()

    init(in directory: URL, size: String) throws {
        self.path = directory.appendingPathComponent("mnt-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: self.path, withIntermediateDirectories: true)
        try Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", self.path])
    }

    /// Fills the file system to the last byte.
    func fill() throws {
        let filler = self.path + "/filler"
        _ = FileManager.default.createFile(atPath: filler, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: filler))
        defer { try? handle.close() }
        let block = Data(count: 4096)
        while (try? handle.write(contentsOf: block)) != nil {}
        while (try? handle.write(contentsOf: Data(count: 1))) != nil {}
    }

    func remountReadOnly() throws { try Self.run("/bin/mount", ["-o", "remount,ro", self.path]) }
    func remountWritable() throws { try Self.run("/bin/mount", ["-o", "remount,rw", self.path]) }

    func unmount() {
        try? Self.run("/bin/umount", [self.path])
    }

    private static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DocketProcess.Failure("\(tool) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
    }
}
