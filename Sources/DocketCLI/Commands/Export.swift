import ArgumentParser
import DocketCore
import DocketStore
import Foundation

struct Export: DocketCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the operations another office lacks to a file (sync by file when the line is down).",
        discussion: "Ask the other office for its vector ('docket vector' there) and pass it as --since."
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "The other office's version vector, node:seq,node:seq (default: empty, i.e. everything).")
    var since: String = ""
    @Option(help: "The file to write.") var out: String

    /// The `--json` output.
    struct Document: Encodable {
        let file: String
        let operations: Int
    }

    func execute() throws {
        let since = try VersionVector(parsing: self.since, field: "since")
        let (replica, _) = try self.global.openReplica()
        let operations = try replica.operations(missingFrom: since)
        let data = try OperationFile.encode(operations, from: replica.node, since: since)
        // Write beside the target and rename, so a reader never sees a half-written file.
        let temporary = self.out + ".partial"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw InputError(field: "out", "cannot write \(self.out)")
        }
        guard rename(temporary, self.out) == 0 else {
            throw InputError(field: "out", "cannot write \(self.out): \(String(cString: strerror(errno)))")
        }
        if self.global.json {
            try printJSON(Document(file: self.out, operations: operations.count))
        } else {
            print("Exported \(operations.count) operation\(operations.count == 1 ? "" : "s") to \(self.out)")
        }
    }
}
