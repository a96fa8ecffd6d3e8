import DocketCore
import DocketStore
import DocketTestSupport
import Foundation
import Testing

/// Operations files made from an office's replica, as `docket export` would write them, or edited as a
/// forger would.
enum ReplicaFiles {
    /// Every operation the office holds.
    static func operations(of office: DocketProcess) throws -> [ReplicatedOperation] {
        let replica = try Replica.open(at: office.dataDirectory.appendingPathComponent("replica.sqlite").path)
        return try replica.operations(missingFrom: VersionVector())
    }

    /// Writes `operations` as an operations file from `node` and returns its path.
    static func write(_ operations: [ReplicatedOperation], from node: String, in directory: TemporaryDirectory) throws
        -> String
    {
        let url = directory.url.appendingPathComponent("ops-\(UUID().uuidString).docket")
        try OperationFile.encode(operations, from: try NodeID(node), since: VersionVector()).write(to: url)
        return url.path
    }

    /// Applies operations straight to an office's replica, without the checks `docket import` makes: how
    /// a replica ends up holding what the network delivered.
    static func applyDirectly(_ operations: [ReplicatedOperation], to office: DocketProcess) throws {
        let replica = try Replica.open(at: office.dataDirectory.appendingPathComponent("replica.sqlite").path)
        _ = try replica.apply(operations)
    }
}
