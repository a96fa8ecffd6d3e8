import ArgumentParser
import DocketCore
import DocketStore
import Foundation

struct Backup: DocketCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
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
    @Argument(help: "The backup file to write, or - for standard output.") var path: String
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
        let settings = try self.global.settings()
        let output = OutputFile(path: self.path, field: "path", force: self.force)
        let protected = ProtectedFiles(dataDirectory: settings.dataDirectory)
        let target: String?
        if output.isStandardOutput {
            guard !self.global.json else {
                throw InputError(field: "path", "--json and - would share standard output; name a file")
            }
            target = nil
        } else {
            target = try output.destination(protecting: protected)
        }
        let (replica, _) = try self.global.openReplica()
        // Standard output gets a complete, checked copy made in the temporary directory first.
        let temporary = OutputFile.temporaryPath(
            beside: target ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("docket-backup"))
        let report = try self.copy(replica, to: temporary)
        if let target {
            try output.publish(temporary, to: target, protecting: protected)
        } else {
            defer { unlink(temporary) }
            guard let data = FileManager.default.contents(atPath: temporary) else {
                throw InputError(field: "path", "cannot read back the copy at \(temporary)")
            }
            try output.write(data, protecting: protected)
        }
        if output.isStandardOutput {
            warn("Backed up \(replica.node) to standard output (\(Self.size(report.bytes)))")
        } else {
            try self.show(report, node: replica.node.rawValue)
        }
    }

    /// Copies the replica to `temporary`, reporting progress on standard error for large replicas.
    func copy(_ replica: Replica, to temporary: String) throws -> Replica.BackupReport {
        let showProgress = !self.global.json
        var lastReported = 0
        do {
            return try replica.backup(to: temporary) { copied, total in
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
            let reason = StorageFailure.describe(error) ?? "\(error)"
            throw InputError(field: "path", "cannot write \(self.path): \(reason)")
        }
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
        say("Backed up \(node) to \(self.path)")
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
