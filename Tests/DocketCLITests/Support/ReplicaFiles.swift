import DocketCore
import DocketStore
import DocketTestSupport
import Foundation
import Testing

/// Operations files made from an office's replica, as `docket export` would write them, or edited as a
/// forger holding the office's key would.
enum ReplicaFiles {
    /// Every operation the office holds.
    static func operations(of office: DocketProcess) throws -> [ReplicatedOperation] {
        try self.replica(of: office).operations(missingFrom: VersionVector())
    }

    /// Writes `operations` as an operations file from `node` and returns its path: each origin's newest
    /// operation signed with that origin's certificate from `signing`, the file with `node`'s.
    static func write(
        _ operations: [ReplicatedOperation], from node: String, signing: TestSigning, in directory: TemporaryDirectory
    ) throws -> String {
        let url = directory.url.appendingPathComponent("ops-\(UUID().uuidString).docket")
        let batch = try signing.sign(operations)
        try OperationFile.encode(batch, since: VersionVector(), signer: try signing.signer(for: try NodeID(node))).write(to: url)
        return url.path
    }

    /// Applies operations straight to an office's replica, signed and verified but without the checks
    /// `docket import` makes: how a replica ends up holding what the network delivered.
    static func applyDirectly(_ operations: [ReplicatedOperation], to office: DocketProcess, signing: TestSigning) throws {
        _ = try self.replica(of: office).apply(try signing.sign(operations), verifier: signing.verifier, source: "test")
    }

    private static func replica(of office: DocketProcess) throws -> Replica {
        try Replica.open(at: office.dataDirectory.appendingPathComponent("replica.sqlite").path)
    }
}
