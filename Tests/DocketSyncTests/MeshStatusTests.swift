import DocketTestSupport
import Foundation
import Testing

/// Two nodes that dial each other settle on one connection; closing the other is normal operation and
/// never shows as a peer's last error.
@Suite(.serialized) struct MeshStatusTests {
    @Test func aSupersededDuplicateConnectionIsNotAnError() throws {
        let cluster = try TestCluster()
        let (shanghai, beijing) = try cluster.startMesh("sh-pudong", "bj-chaoyang")
        try shanghai.cli.ok(["customer", "add", "--name", "张伟"])
        // Restarting both at once makes each dial the other while being dialled: duplicates to settle.
        for _ in 1...3 {
            shanghai.stop()
            beijing.stop()
            try shanghai.start()
            try beijing.start()
            #expect(try cluster.waitUntilConverged([shanghai, beijing]), "\(cluster.logs)")
        }
        Thread.sleep(forTimeInterval: 2)
        for node in [shanghai, beijing] {
            let peers = try #require(try node.cli.json(["peers"]) as? [[String: Any]])
            #expect(peers.count == 1)
            for peer in peers {
                let error = peer["lastError"] as? String ?? ""
                #expect(!error.contains("duplicate") && !error.contains("superseded"), "\(node.id): \(error)")
            }
            #expect(!(try node.cli.ok(["peers"])).contains("superseded"))
            let warnings = node.log.split(separator: "\n").filter { $0.contains("warning") && $0.contains("duplicate") }
            #expect(warnings.isEmpty, "\(warnings)")
        }
    }
}
