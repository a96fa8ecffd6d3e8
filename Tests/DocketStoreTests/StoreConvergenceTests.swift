import DocketCodec
import DocketCore
import DocketStore
import DocketTestSupport
import Testing

/// Replicas fed the same operations, in whatever order and batching, hold byte-identical state.
@Suite struct StoreConvergenceTests {
    static let seeds: [UInt64] = Array(1...10)

    @Test(arguments: Self.seeds)
    func officesConvergeToIdenticalDigests(seed: UInt64) async throws {
        let scratch = try Scratch()
        let workload = try StoreWorkload.healed(seed: seed, in: scratch)
        let offices = workload.offices

        let digest = try offices[0].stateDigest()
        let vector = try await offices[0].vector()
        for office in offices {
            #expect(try office.stateDigest() == digest, "seed \(seed): \(office.node) differs")
            try Self.expectRegisterRowsKept(office, "seed \(seed): \(office.node)")
            #expect(try await office.vector() == vector, "seed \(seed)")
            #expect(try office.counts().operations == Int(vector.total), "seed \(seed)")
        }

        // A new replica receiving everything in random per-origin batches, shuffled within each batch.
        let everything = try offices[1].operations(missingFrom: VersionVector())
        var rng = SplitMix64(seed: seed &* 97)
        let fresh = try scratch.replica(Fixtures.headquarters)
        var batches: [SignedBatch] = []
        var queues = Dictionary(grouping: everything) { $0.dot.node }.sorted { $0.key < $1.key }.map(\.value)
        while !queues.isEmpty {
            var batch: [ReplicatedOperation] = []
            for index in queues.indices {
                let take = rng.int(in: 0...min(queues[index].count, 6))
                batch += queues[index].prefix(take)
                queues[index].removeFirst(take)
            }
            queues.removeAll { $0.isEmpty }
            batches.append(try scratch.signing.sign(rng.shuffled(batch + batch.filter { _ in rng.chance(10) })))
            _ = try await fresh.apply(batches[batches.count - 1], verifier: scratch.signing.verifier, source: "test")
        }
        #expect(try fresh.stateDigest() == digest, "seed \(seed): fresh replica differs")
        try Self.expectRegisterRowsKept(fresh, "seed \(seed): fresh replica")

        // The same batches, runs of one to five applied together as a session does with those waiting.
        let grouped = try scratch.replica(Fixtures.headquarters, file: "grouped.sqlite")
        var rest = batches[...]
        while !rest.isEmpty {
            let run = rest.prefix(rng.int(in: 1...5))
            rest = rest.dropFirst(run.count)
            _ = try await grouped.apply(together: Array(run), verifier: scratch.signing.verifier)
        }
        #expect(try grouped.stateDigest() == digest, "seed \(seed): replica applying groups differs")
        try Self.expectRegisterRowsKept(grouped, "seed \(seed): replica applying groups")
        #expect(try grouped.counts().openConflicts == (try fresh.counts().openConflicts), "seed \(seed)")

        // The store holds exactly the state the in-memory reference model computes from the same operations.
        var model = ReplicaState(node: Fixtures.headquarters)
        for operation in everything { try model.apply(operation) }
        #expect(model.vector == vector)
        for listing in try fresh.cases(matching: .init(), now: workload.now, targets: ServiceTargets()) {
            #expect(listing.view.state == model.records[listing.view.state.ref], "seed \(seed): \(listing.view.id)")
        }
        for customer in try fresh.customers() {
            #expect(customer.state == model.records[customer.state.ref], "seed \(seed): \(customer.id)")
        }
        let conflicted = model.records.values.reduce(0) { $0 + $1.conflictedFields.count }
        #expect(try fresh.counts().openConflicts == conflicted, "seed \(seed)")
        // Rows for concurrent writes, those that agree included; so for every conflict.
        let rows = try fresh.registerRows()
        #expect(conflicted == 0 || !rows.held.isEmpty, "seed \(seed): a conflict without rows")
    }

    /// The digest reads every surviving write from the state blobs, so it cannot see `register_values`
    /// itself: the table must hold exactly the rows the blobs call for, whichever records were loaded,
    /// settled or set in conflict along the way.
    static func expectRegisterRowsKept(_ replica: Replica, _ comment: String) throws {
        let rows = try replica.registerRows()
        #expect(rows.held == rows.expected, "\(comment): register_values was not kept right")
    }
}
