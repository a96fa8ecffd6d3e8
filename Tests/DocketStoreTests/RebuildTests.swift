import DocketCore
import DocketStore
import Testing

@Suite struct RebuildTests {
    @Test(arguments: [UInt64(11), 12, 13])
    func rebuildFromTheLogEqualsTheLiveState(seed: UInt64) throws {
        let scratch = try Scratch()
        var workload = try StoreWorkload.healed(seed: seed, in: scratch)
        let offices = workload.offices
        // Some offices keep writing after the heal, so the replicas rebuilt are not all alike.
        try workload.run(steps: 10)

        var sawConflict = false
        for office in offices {
            let counts = try office.counts()
            sawConflict = sawConflict || counts.openConflicts > 0
            let live = try office.stateDigest()
            let liveRows = try office.registerRows()
            #expect(liveRows.held == liveRows.expected, "seed \(seed): \(office.node)")
            var progressed: [Int] = []
            let report = try office.rebuild { progressed.append($0) }
            #expect(report.isIdentical, "seed \(seed): \(office.node) rebuilt differently")
            #expect(report.digestBefore == live)
            #expect(report.operations == counts.operations)
            #expect(progressed.last == counts.operations)
            #expect(try office.stateDigest() == live)
            #expect(try office.counts() == counts)
            #expect(try office.registerRows().held == liveRows.held, "seed \(seed): \(office.node)")
            // A rebuilt replica keeps working.
            try workload.randomChange(at: office)
        }
        #expect(sawConflict, "seed \(seed): the workload should leave some conflicts open")
    }

    @Test func rebuildOfAnEmptyReplicaIsEmpty() throws {
        let scratch = try Scratch()
        let replica = try scratch.replica(Fixtures.pudong)
        let report = try replica.rebuild()
        #expect(report.operations == 0)
        #expect(report.isIdentical)
    }
}
