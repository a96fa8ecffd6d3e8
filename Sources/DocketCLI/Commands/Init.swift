import ArgumentParser
import DocketCore
import DocketStore
import Foundation

struct Init: DocketCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create this office's replica in the data directory.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "This office's node id, e.g. sh-pudong (default: node.id from the config file).")
    var node: String?

    @Option(help: "The office code used in case references, e.g. SH01 (default: from the node id).")
    var office: String?

    /// The `--json` output.
    struct Document: Encodable {
        let node: String
        let office: String
        let path: String
    }

    func execute() throws {
        let settings = try self.global.settings()
        guard let nodeText = self.node ?? settings.nodeID?.rawValue else {
            throw InputError(field: "node", "give this office's node id with --node, e.g. --node sh-pudong")
        }
        let node = try NodeID(nodeText)
        let office = self.office ?? settings.officeCode ?? Self.officeCode(for: node)
        do {
            try FileManager.default.createDirectory(atPath: settings.dataDirectory, withIntermediateDirectories: true)
        } catch {
            throw InputError(field: "data-dir", "cannot create \(settings.dataDirectory): \(Self.obstacle(settings.dataDirectory))")
        }
        let replica = try Replica.create(at: settings.databasePath, node: node, officeCode: office, now: currentMillis())
        if self.global.json {
            try printJSON(Document(node: replica.node.rawValue, office: replica.officeCode, path: replica.path))
        } else {
            say("Created the replica of \(replica.node) (office \(replica.officeCode)) at \(replica.path)")
        }
    }

    /// Why a directory cannot be created: what its nearest existing ancestor refuses.
    static func obstacle(_ path: String) -> String {
        var ancestor = (path as NSString).deletingLastPathComponent
        while !ancestor.isEmpty, !FileManager.default.fileExists(atPath: ancestor) {
            ancestor = (ancestor as NSString).deletingLastPathComponent
        }
        let directory = ancestor.isEmpty ? "." : ancestor
        guard access(directory, W_OK) != 0 else { return "directory \(directory) refused it" }
        return OutputFile.reason(errno, directory: directory)
    }

    /// `sh-pudong` becomes `SHPUDONG`: the node id's letters and digits, upper-cased, at most 8.
    static func officeCode(for node: NodeID) -> String {
        let letters = String(node.rawValue.uppercased().filter { $0 != "-" }.prefix(8))
        // Office codes have at least two characters; a one-letter node id is padded.
        return letters.count >= 2 ? letters : letters + "0"
    }
}
