import DocketCore
import DocketTestSupport
import Testing

/// Random offices writing, syncing partially, partitioned and healed must all end in the same state,
/// and that state must be the one the merge rules define. Each failure names its seed; rerun that seed alone
/// by changing `seeds` to `[seed]`.
@Suite struct ConvergenceTests {
    static let seeds: [UInt64] = Array(1...200)

    /// Bootstraps, runs three phases (some partitioned, some not), and heals.
    static func simulate(seed: UInt64) -> OfficeSimulation {
        var simulation = OfficeSimulation(seed: seed, officeCount: 3 + Int(seed % 3))
        simulation.bootstrap()
        for _ in 0..<3 {
            let groups = simulation.rng.chance(50)
                ? simulation.randomPartition() : [Array(simulation.offices.indices)]
            simulation.run(steps: 30, groups: groups)
        }
        simulation.heal()
        return simulation
    }

    @Test func officesConvergeAfterPartitionsHeal() {
        var conflictsSeen = 0
        var resolutionsSeen = 0
        for seed in Self.seeds {
            let simulation = Self.simulate(seed: seed)
            #expect(simulation.problems.isEmpty, "seed \(seed): \(simulation.problems.prefix(5))")
            let reference = simulation.offices[0]
            for office in simulation.offices.dropFirst() {
                #expect(office.vector == reference.vector, "seed \(seed): vector of \(office.node) differs")
                #expect(office.records == reference.records, "seed \(seed): records of \(office.node) differ")
            }
            for office in simulation.offices {
                #expect(office.log == simulation.written, "seed \(seed): log of \(office.node) is not every write")
                #expect(office.vector.total == UInt64(simulation.written.count), "seed \(seed)")
            }
            conflictsSeen += reference.records.values.filter { !$0.conflictedFields.isEmpty }.count
            resolutionsSeen += simulation.resolutions.count
        }
        // The workload is only a good test if it actually produces conflicts and resolutions.
        #expect(conflictsSeen > 50, "only \(conflictsSeen) conflicted records over all seeds")
        #expect(resolutionsSeen > 50, "only \(resolutionsSeen) resolutions over all seeds")
    }

    @Test func convergedStateIsWhatTheMergeRulesDefine() {
        for seed in Self.seeds.prefix(120) {
            let simulation = Self.simulate(seed: seed)
            let state = simulation.offices[0]
            let byRecord = Dictionary(grouping: simulation.written.values) { $0.record }
            #expect(Set(byRecord.keys) == Set(state.records.keys), "seed \(seed)")
            for (ref, operations) in byRecord.sorted(by: { $0.key < $1.key }) {
                guard let record = state.records[ref] else { continue }
                let differences = MergeOracle.differences(record, operations: operations)
                #expect(differences.isEmpty, "seed \(seed): \(differences.prefix(3))")
            }
        }
    }

    @Test func resolutionsSettleTheirFieldOnEveryReplica() {
        for seed in Self.seeds.prefix(120) {
            let simulation = Self.simulate(seed: seed)
            for resolution in simulation.resolutions {
                let clock = simulation.written[resolution.dot]!.clock
                for office in simulation.offices {
                    let values = office.records[resolution.record]!.registers[resolution.field]!.values
                    // Every value the resolver saw is gone; only the resolution or later or concurrent writes remain.
                    #expect(
                        !values.contains { clock.covers($0.dot) },
                        "seed \(seed): \(resolution.dot) did not settle \(resolution.field) at \(office.node)")
                }
            }
        }
    }

    @Test func anyDeliveryOrderGivesTheSameState() throws {
        for seed in Self.seeds.prefix(80) {
            let simulation = Self.simulate(seed: seed)
            let reference = simulation.offices[0]
            let operations = simulation.written.values.sorted { $0.dot < $1.dot }
            var rng = SplitMix64(seed: seed &* 31)
            for order in 0..<6 {
                var fresh = ReplicaState(node: Fixtures.headquarters)
                var applied: [ReplicatedOperation] = []
                for operation in MergeOracle.interleaving(operations, rng: &rng) {
                    try fresh.apply(operation)
                    applied.append(operation)
                    if rng.chance(20) {
                        // A duplicate of something already held is harmless.
                        #expect(try fresh.apply(rng.pick(applied)) == .duplicate, "seed \(seed)")
                    }
                }
                #expect(fresh.records == reference.records, "seed \(seed), order \(order)")
                #expect(fresh.vector == reference.vector, "seed \(seed), order \(order)")
            }
        }
    }

    /// Below the version vector, a record's merge does not even need per-origin order.
    @Test func recordMergeIsCommutativeAndIdempotentInAnyOrder() {
        for seed in Self.seeds.prefix(80) {
            let simulation = Self.simulate(seed: seed)
            let reference = simulation.offices[0]
            var rng = SplitMix64(seed: seed &* 77)
            for (ref, operations) in Dictionary(grouping: simulation.written.values, by: \.record) {
                for _ in 0..<4 {
                    var state = RecordState(ref: ref)
                    var order = rng.shuffled(operations.sorted { $0.dot < $1.dot })
                    order += order.filter { _ in rng.chance(30) }
                    rng.shuffle(&order)
                    for operation in order { state.apply(operation) }
                    #expect(state == reference.records[ref], "seed \(seed): \(ref) differs")
                }
            }
        }
    }

    /// Merging is associative: two halves merged separately, then together, equal everything at once.
    @Test func mergingGroupsOfReplicasIsAssociative() throws {
        for seed in Self.seeds.prefix(60) {
            let simulation = Self.simulate(seed: seed)
            let operations = simulation.written.values.sorted { $0.dot < $1.dot }
            var rng = SplitMix64(seed: seed &+ 1000)
            var parts = [
                ReplicaState(node: Fixtures.pudong), ReplicaState(node: Fixtures.chaoyang),
                ReplicaState(node: Fixtures.tianhe),
            ]
            // Each replica holds a random per-origin prefix of the operations.
            for index in parts.indices {
                for operation in MergeOracle.interleaving(operations, rng: &rng) where rng.chance(70) {
                    _ = try? parts[index].apply(operation)
                }
            }
            var leftFirst = parts[0]
            leftFirst.receiveAll(from: parts[1])
            leftFirst.receiveAll(from: parts[2])
            var rightFirst = parts[1]
            rightFirst.receiveAll(from: parts[2])
            var combined = parts[0]
            combined.receiveAll(from: rightFirst)
            #expect(leftFirst.records == combined.records, "seed \(seed)")
            #expect(leftFirst.vector == combined.vector, "seed \(seed)")
        }
    }
}
