import ArgumentParser
import DocketCore
import DocketStore
import Foundation

struct Import: DocketCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Apply an operations file written by another office's 'docket export'.",
        discussion: "The file is checked whole first; then all its new operations are applied in one transaction, or none."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The file to read.") var file: String

    /// The `--json` output.
    struct Document: Encodable {
        /// The node that wrote the file.
        let from: String
        /// Operations new to this replica.
        let applied: Int
        /// Operations it already held.
        let duplicates: Int
    }

    func execute() throws {
        let (replica, settings) = try self.global.openReplica()
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: self.file),
            let size = attributes[.size] as? Int
        else { throw InputError(field: "file", "\(self.file) cannot be read") }
        guard size <= OperationFile.maximumBytes else {
            throw InputError(field: "file", "is \(size) bytes; the limit is \(OperationFile.maximumBytes)")
        }
        guard let data = FileManager.default.contents(atPath: self.file) else {
            throw InputError(field: "file", "\(self.file) cannot be read")
        }
        let verifier = try settings.chainVerifier(node: replica.node)
        let contents = try OperationFile.decode(data, verifier: verifier)
        let count = contents.batch.operations.count
        if count >= 10_000 && !self.global.json {
            // A large import is one transaction; say what is happening while it runs.
            warn("import: file read, \(count) operations from \(contents.from); checking and applying them in one transaction…")
        }
        let result = try replica.applyCheckingReferences(
            contents.batch, verifier: verifier, source: "file from \(contents.from)",
            bound: ClockBound(now: currentMillis(), maximumLeadMillis: settings.sync.maximumClockLeadMillis))
        if self.global.json {
            try printJSON(
                Document(from: contents.from.rawValue, applied: result.applied, duplicates: result.duplicates))
        } else {
            say("Imported from \(contents.from): \(result.applied) applied, \(result.duplicates) already held")
            let conflicts = try replica.counts().openConflicts
            if conflicts > 0 { print("\(conflicts) open conflict\(conflicts == 1 ? "" : "s"): see 'docket conflicts'") }
        }
    }
}
