import DocketCore
import DocketStore
import Foundation

extension Settings {
    /// Opens this office's replica for one command and checks that the config describes it.
    /// - Throws: `StoreError` for a missing or unusable file, `InputError` when `node.id` names another node.
    func openReplica() throws -> Replica {
        let replica = try Replica.open(at: self.databasePath, connections: .single)
        try self.checkConfigured(node: replica.node.rawValue, office: replica.officeCode)
        return replica
    }

    /// Says, in one line, when the config names another node (refused) or another office code (a warning)
    /// than the replica's, whether the replica was opened here or answered for by the running daemon.
    func checkConfigured(node: String, office: String) throws {
        if let mismatch = self.officeMismatch(office) { warn("warning: \(mismatch)") }
        try self.checkNode(node, configured: self.nodeID?.rawValue)
    }

    /// A replica belongs to one node for good: a config naming another is pointed at the wrong data directory.
    func checkNode(_ node: String, configured: String?) throws {
        guard let configured, configured != node else { return }
        throw InputError(
            field: "node.id",
            "the config\(self.configPath.map { " \($0)" } ?? "") names \(configured) but the replica at "
                + "\(self.databasePath) belongs to \(node); fix node.id or the data directory")
    }

    /// The office code is fixed when the replica is created; a config that says otherwise is ignored, and
    /// said to be (one line, not a refusal: case references keep working under the replica's code).
    func officeMismatch(_ office: String) -> String? {
        guard let configured = self.officeCode, configured != office else { return nil }
        return "node.office: the config says \(configured) but the replica's office code is \(office), "
            + "fixed when it was created; \(office) is used (set node.office = \"\(office)\")"
    }
}
