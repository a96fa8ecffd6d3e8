import DocketCore
import DocketStore
import Foundation

extension Settings {
    /// Opens this office's replica and checks that the config describes it.
    /// - Throws: `StoreError` for a missing or unusable file, `InputError` when `node.id` names another node.
    func openReplica() throws -> Replica {
        let replica = try Replica.open(at: self.databasePath)
        if let mismatch = self.officeMismatch(with: replica) {
            warn("warning: \(mismatch)")
        }
        try self.checkNode(of: replica, configured: self.nodeID?.rawValue)
        return replica
    }

    /// A replica belongs to one node for good: a config naming another is pointed at the wrong data directory.
    func checkNode(of replica: Replica, configured: String?) throws {
        guard let configured, configured != replica.node.rawValue else { return }
        throw InputError(
            field: "node.id",
            "the config\(self.configPath.map { " \($0)" } ?? "") names \(configured) but the replica at "
                + "\(replica.path) belongs to \(replica.node); fix node.id or the data directory")
    }

    /// The office code is fixed when the replica is created; a config that says otherwise is ignored, and
    /// said to be (one line, not a refusal: case references keep working under the replica's code).
    func officeMismatch(with replica: Replica) -> String? {
        guard let configured = self.officeCode, configured != replica.officeCode else { return nil }
        return "node.office: the config says \(configured) but the replica's office code is \(replica.officeCode), "
            + "fixed when it was created; \(replica.officeCode) is used (set node.office = \"\(replica.officeCode)\")"
    }
}
