import ArgumentParser
import DocketCore
import DocketStore
import Foundation

struct Export: DocketCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the operations another office lacks to a file (sync by file when the line is down).",
        discussion: "Ask the other office for its vector ('docket vector' there) and pass it as --since."
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "The other office's version vector, node:seq,node:seq (default: empty, i.e. everything).")
    var since: String = ""
    @Option(help: "The file to write, or - for standard output.") var out: String
    @Flag(help: "Replace the file if it exists.") var force = false

    /// The `--json` output.
    struct Document: Encodable {
        let file: String
        let operations: Int
    }

    func execute() throws {
        let since = try VersionVector(parsing: self.since, field: "since")
        let settings = try self.global.settings()
        let output = OutputFile(path: self.out, field: "out", force: self.force)
        let protected = ProtectedFiles(dataDirectory: settings.dataDirectory)
        if output.isStandardOutput {
            guard !self.global.json else {
                throw InputError(field: "out", "--json and --out - would share standard output; name a file")
            }
        } else {
            _ = try output.destination(protecting: protected)
        }
        let (replica, _) = try self.global.openReplica()
        let signer = try settings.chainSigner(node: replica.node)
        let verifier = try settings.chainVerifier(node: replica.node)
        // This office's newest operations are signed when they first leave it, here or by the daemon.
        try replica.signOwnChain(with: signer)
        let batch = try replica.signedBatch(missingFrom: since, everySignature: true, isRevoked: { verifier.isRevoked($0) })
        let data = try OperationFile.encode(batch, since: since, signer: signer)
        try output.write(data, protecting: protected)
        let count = batch.operations.count
        let summary = "Exported \(count) operation\(count == 1 ? "" : "s") to \(self.out)"
        if self.global.json {
            try printJSON(Document(file: self.out, operations: count))
        } else if output.isStandardOutput {
            // Standard output carries the file itself; the summary goes where people look.
            warn(summary)
        } else {
            say(summary)
        }
    }
}
