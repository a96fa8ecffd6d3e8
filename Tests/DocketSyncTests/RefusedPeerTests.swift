import DocketTestSupport
import Foundation
import Testing

/// A peer refused during the TLS handshake shows up in `docket peers` with the TLS reason as its last
/// error, however quickly the refused connection closed.
@Suite(.serialized) struct RefusedPeerTests {
    /// What `docket peers --json` says about each peer, by node id.
    static func lastErrors(of node: TestNode) throws -> [String: String] {
        let peers = try #require(try node.cli.json(["peers"]) as? [[String: Any]])
        var errors: [String: String] = [:]
        for peer in peers {
            if let id = peer["node"] as? String, let error = peer["lastError"] as? String { errors[id] = error }
        }
        return errors
    }

    @Test func aDialledPeerWithTheWrongNameOrAForeignCAIsRecordedWithTheTLSReason() throws {
        let cluster = try TestCluster()
        let jingan = try cluster.add("sh-jingan")
        try jingan.start()
        let stranger = try TestCluster()
        let foreign = try stranger.add("hq")
        try foreign.start()

        // gz-tianhe's address leads to sh-jingan; hq's to a node certified by another organisation's CA.
        let branch = try cluster.add("sh-pudong")
        branch.peers = [("gz-tianhe", jingan.port!), ("hq", foreign.port!)]
        try branch.start()

        var errors: [String: String] = [:]
        let recorded = try cluster.wait {
            errors = try Self.lastErrors(of: branch)
            return errors["gz-tianhe"] != nil && errors["hq"] != nil
        }
        #expect(recorded, "\(cluster.logs)")
        #expect(errors["gz-tianhe"]?.contains("peer is not the expected node") == true, "\(errors)")
        #expect(errors["hq"]?.contains("peer certificate not signed by a trusted CA") == true, "\(errors)")
        #expect(!errors.values.contains { $0.contains("notFound") }, "\(errors)")
    }

    @Test func aNodeOfAnotherOrganisationDiallingInIsRefusedOnBothSidesWithTheTLSReason() throws {
        let cluster = try TestCluster()
        let hq = try cluster.add("hq")
        try hq.start()
        let stranger = try TestCluster()
        let outsider = try stranger.add("sh-pudong")
        outsider.peers = [("hq", hq.port!)]
        try outsider.start()

        var errors: [String: String] = [:]
        let recorded = try stranger.wait {
            errors = try Self.lastErrors(of: outsider)
            return errors["hq"] != nil
        }
        #expect(recorded, "\(outsider.log)")
        #expect(errors["hq"]?.contains("peer certificate not signed by a trusted CA") == true, "\(errors)")
        #expect(!errors.values.contains { $0.contains("notFound") }, "\(errors)")
        // Headquarters cannot name a peer it never authenticated; its log says why it hung up.
        #expect(cluster.wait { hq.log.contains("refused a connection before any data moved") }, "\(hq.log)")
        #expect(!hq.log.contains("notFound"), "\(hq.log)")
        // Each refusal is logged once, at warning; the transport's own note of it is at debug.
        let noted = hq.log.split(separator: "\n").filter { $0.contains("TLS connection refused or failed") }
        #expect(noted.allSatisfy { $0.contains("debug") }, "\(noted)")
        let refusals = hq.log.split(separator: "\n").filter { $0.contains("refused a connection before any data moved") }
        #expect(refusals.allSatisfy { $0.contains("warning") }, "\(refusals)")
    }
}
