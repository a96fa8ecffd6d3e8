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
            try printJSON(["file": self.out, "operations": String(operations.count)])
        } else {
            print("Exported \(operations.count) operation\(operations.count == 1 ? "" : "s") to \(self.out)")
        }
    }
}

struct Import: DocketCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply an operations file written by another office's 'docket export'.",
        discussion: "The file is checked whole first; then all its new operations are applied in one transaction, or none."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The file to read.") var file: String

    func execute() throws {
        let (replica, _) = try self.global.openReplica()
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: self.file),
            let size = attributes[.size] as? Int
        else { throw InputError(field: "file", "\(self.file) cannot be read") }
        guard size <= OperationFile.maximumBytes else {
            throw InputError(field: "file", "is \(size) bytes; the limit is \(OperationFile.maximumBytes)")
        }
        guard let data = FileManager.default.contents(atPath: self.file) else {
            throw InputError(field: "file", "\(self.file) cannot be read")
        }
        let contents = try OperationFile.decode(data)
        try replica.checkReferences(in: contents.operations)
        if contents.operations.count >= 10_000 && !self.global.json {
            // A large import is one transaction; say what is happening while it runs.
            FileHandle.standardError.write(Data(
                "import: file checked, \(contents.operations.count) operations from \(contents.from); applying them in one transaction…\n".utf8))
        }
        let result = try replica.apply(contents.operations)
        if self.global.json {
            try printJSON(["from": contents.from.rawValue, "applied": String(result.applied), "duplicates": String(result.duplicates)])
        } else {
            print("Imported from \(contents.from): \(result.applied) applied, \(result.duplicates) already held")
            let conflicts = try replica.counts().openConflicts
            if conflicts > 0 { print("\(conflicts) open conflict\(conflicts == 1 ? "" : "s"): see 'docket conflicts'") }
        }
    }
}

struct VectorCommand: DocketCommand {
    static let configuration = CommandConfiguration(
        commandName: "vector",
        abstract: "Print this replica's version vector (what it holds), for another office's 'export --since'."
    )

    @OptionGroup var global: GlobalOptions

    func execute() throws {
        let (replica, _) = try self.global.openReplica()
        let vector = try replica.vector()
        if self.global.json {
            try printJSON(Dictionary(uniqueKeysWithValues: vector.sortedEntries.map { ($0.node.rawValue, $0.seq) }))
        } else {
            print(vector.description)
        }
    }
}

struct Rebuild: DocketCommand {
    static let configuration = CommandConfiguration(
        abstract: "Derive every materialized table again from the operation log and compare with what was there."
    )

    @OptionGroup var global: GlobalOptions

    func execute() throws {
        let (replica, _) = try self.global.openReplica()
        let showProgress = !self.global.json
        let report = try replica.rebuild { replayed in
            if showProgress && replayed > 0 && replayed % 100_000 == 0 {
                FileHandle.standardError.write(Data("rebuild: \(replayed) operations replayed\n".utf8))
            }
        }
        if self.global.json {
            try printJSON([
                "operations": String(report.operations), "identical": String(report.isIdentical),
                "digest_before": report.digestBefore, "digest_after": report.digestAfter,
            ])
        } else {
            print("Replayed \(report.operations) operations; state digest \(report.digestAfter)")
            print(report.isIdentical
                ? "The rebuilt state is identical to the live state."
                : "The rebuilt state differs from what was there before (digest was \(report.digestBefore)); the rebuilt state is now in place.")
        }
    }
}
