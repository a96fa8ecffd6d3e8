import ArgumentParser
import DocketCore
import DocketStore
import Foundation

struct Backup: DocketCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the replica to a file, consistently, while the daemon and staff keep writing.",
        discussion: """
            The copy is the replica as of one moment, taken with SQLite's backup API without blocking writers. \
            It is written under a temporary name beside PATH and renamed into place once complete and checked, \
            so PATH never holds a partial copy. It gets the replica's file permissions. \
            Restoring: deploy/backup-restore.md.
            """
    )

    /// Replicas at least this large (in pages of 4 KiB, about 200 MB) report progress on standard error.
    static let progressThresholdPages = 50_000

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The backup file to write.") var path: String
    @Flag(help: "Replace PATH if it exists.") var force = false

    /// The `--json` output.
    struct Document: Encodable {
        let path: String
        let node: String
        let bytes: Int64
        /// Origin node to the highest `seq` the copy holds.
        let vector: VersionVector
        let operations: Int
    }

    func execute() throws {
        try self.checkDestination()
        let (replica, _) = try self.global.openReplica()
        let directory = (self.path as NSString).deletingLastPathComponent
        let name = (self.path as NSString).lastPathComponent
        let temporary = ((directory.isEmpty ? "." : directory) as NSString)
            .appendingPathComponent(".\(name).\(getpid()).partial")
        let showProgress = !self.global.json
        var lastReported = 0
        let report: Replica.BackupReport
        do {
            report = try replica.backup(to: temporary) { copied, total in
                guard showProgress, total >= Self.progressThresholdPages else { return }
                let percent = copied * 100 / max(total, 1)
                if percent / 10 > lastReported / 10 {
                    lastReported = percent
                    FileHandle.standardError.write(Data("backup: \(percent)% (\(copied) of \(total) pages)\n".utf8))
                }
            }
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(field: "path", "cannot write \(self.path): \(error)")
        }
        // rename(2) replaces an existing file atomically; without --force a file that appeared meanwhile is kept.
        if !self.force && FileManager.default.fileExists(atPath: self.path) {
            try? FileManager.default.removeItem(atPath: temporary)
            throw InputError(field: "path", "\(self.path) already exists; pass --force to replace it")
        }
        guard rename(temporary, self.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw InputError(field: "path", "cannot write \(self.path): \(reason)")
        }
        Self.syncDirectory(directory.isEmpty ? "." : directory)
        try self.show(report, node: replica.node.rawValue)
    }

    /// Refuses before any work: a missing or unwritable directory, a directory as PATH, an existing file.
    func checkDestination() throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: self.path, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                throw InputError(field: "path", "\(self.path) is a directory; name the backup file")
            }
            if !self.force {
                throw InputError(field: "path", "\(self.path) already exists; pass --force to replace it")
            }
        }
        let directory = (self.path as NSString).deletingLastPathComponent
        let parent = directory.isEmpty ? "." : directory
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError(field: "path", "cannot write \(self.path): directory \(parent) does not exist")
        }
        guard access(parent, W_OK) == 0 else {
            throw InputError(field: "path", "cannot write \(self.path): directory \(parent) is not writable")
        }
    }

    /// Makes the rename itself durable, so a power cut right after the command cannot lose the backup's name.
    static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    func show(_ report: Replica.BackupReport, node: String) throws {
        if self.global.json {
            try printJSON(
                Document(
                    path: self.path, node: node, bytes: report.bytes, vector: report.vector,
                    operations: report.operations))
            return
        }
        let vector = report.vector.description
        print("Backed up \(node) to \(self.path)")
        print("size        \(Self.size(report.bytes))")
        print("vector      \(vector.isEmpty ? "(empty)" : vector)")
        print("operations  \(report.operations)")
    }

    /// Bytes for people: `4.2 MB (4403200 bytes)`.
    static func size(_ bytes: Int64) -> String {
        let units = ["KB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = "bytes"
        for next in units where value >= 1000 {
            value /= 1000
            unit = next
        }
        return unit == "bytes" ? "\(bytes) bytes" : "\(String(format: "%.1f", value)) \(unit) (\(bytes) bytes)"
    }
}
