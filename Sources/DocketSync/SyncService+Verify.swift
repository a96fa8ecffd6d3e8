import DocketCore
import DocketStore
import DocketWire
import Foundation

extension SyncService {
    /// Compares this replica with `peer`'s through the open connection to it.
    ///
    /// Digests are only comparable at a common version vector, so this asks again (for up to `patience`
    /// seconds) while the two are still catching up. When the digests differ it fetches per-record
    /// digests from both sides and reports the first differing records.
    /// - Throws: `SyncError` when the peer is not connected or does not answer.
    public func verify(peer name: String, patience: Double = 5) async throws -> VerifyReport {
        guard let peer = try? NodeID(name) else { throw SyncError.peerNotConnected(name) }
        let deadline = ContinuousClock.now + .seconds(patience)
        var local = try await self.replica.summary(withRecords: false)
        var remote = try await self.summary(from: peer, withRecords: false)
        while local.vector != remote.vector && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            local = try await self.replica.summary(withRecords: false)
            remote = try await self.summary(from: peer, withRecords: false)
        }
        var report = VerifyReport(
            peer: name, outcome: .agree, localVector: local.vector.description, peerVector: remote.vector.description,
            localDigest: local.digest, peerDigest: remote.digest, differences: [], message: "")
        guard local.vector == remote.vector else {
            report.outcome = .notComparable
            report.message = "the replicas hold different operations (still syncing, or writes in flight); try again"
            return report
        }
        guard local.digest != remote.digest else {
            report.message = "same operations, same state"
            return report
        }
        let localRecords = try await self.replica.summary(withRecords: true)
        let remoteRecords = try await self.summary(from: peer, withRecords: true)
        guard localRecords.vector == remoteRecords.vector else {
            report.outcome = .notComparable
            report.message = "writes arrived while comparing; try again"
            return report
        }
        report.outcome = .differ
        report.differences = Self.differences(
            local: localRecords.records.map { ($0.id, $0.digest) }, remote: remoteRecords.records.map { ($0.id, $0.digest) })
        report.message = "same operations but different state: run 'docket rebuild' on both and verify again"
        return report
    }

    /// The first records (by id) whose digests differ or that only one side has.
    static func differences(local: [(String, String)], remote: [(String, String)], limit: Int = 20) -> [VerifyReport.Difference] {
        let localMap = Dictionary(local, uniquingKeysWith: { first, _ in first })
        let remoteMap = Dictionary(remote, uniquingKeysWith: { first, _ in first })
        return Set(localMap.keys).union(remoteMap.keys).sorted()
            .filter { localMap[$0] != remoteMap[$0] }
            .prefix(limit)
            .map { VerifyReport.Difference(record: $0, local: localMap[$0], peer: remoteMap[$0]) }
    }

    /// Asks the peer for its summary, giving up after ten seconds.
    private func summary(from peer: NodeID, withRecords: Bool) async throws -> Replica.Summary {
        let hub = self.hub
        let answer: PeerMessage.Summary? = try await withThrowingTaskGroup(of: PeerMessage.Summary?.self) { group in
            group.addTask { try await hub.requestSummary(from: peer, withRecords: withRecords) }
            group.addTask {
                try await Task.sleep(for: .seconds(10))
                return nil
            }
            let first = try await group.next() ?? nil
            if first == nil {
                // The request is still waiting on a continuation: fail it so the group can finish.
                for id in await hub.outstandingRequests(to: peer) { await hub.expire(request: id) }
            }
            group.cancelAll()
            return first
        }
        guard let answer else { throw SyncError.timedOut }
        return Replica.Summary(
            vector: answer.vector, digest: answer.digest, records: answer.records.map { ($0.id, $0.digest) })
    }
}
