import DocketCore
import DocketStore
import DocketTLS
import Foundation

/// Scale-out figures: one headquarters `docket serve` that listens, and N branch daemons that dial it,
/// all real processes on 127.0.0.1. Every branch writes case operations at a steady rate into its own
/// replica (in-process, through the store's write path, while its daemon runs — as the sync benchmark's
/// latency phase does at its source). The total rate steps up; each step reports the rate headquarters
/// applied, how far behind it the worst branch fell, and what headquarters spent in CPU and memory.
final class FanInBenchmark {
    private let options: FanInOptions
    private let clock = ContinuousClock()
    private var report = FanInReport()

    init(options: FanInOptions) {
        self.options = options
    }

    func run() throws {
        let (root, authority) = try self.options.run.makeWorkDirectory(for: "fanin")
        defer { self.options.run.finish(root) }
        let headquarters = try BenchNode(
            id: "hq", root: root, authority: authority, binary: self.options.run.docket, listens: true)
        try headquarters.start()
        var branches: [BenchNode] = []
        defer {
            for branch in branches { branch.stop() }
            headquarters.stop()
        }
        var writers: [BranchWriter] = []
        for index in 1...self.options.branches {
            let branch = try BenchNode(
                id: "branch-\(index)", root: root, authority: authority, binary: self.options.run.docket, listens: false)
            // The branch's replica exists before its daemon starts, so the writer and the daemon share it.
            let replica = try Replica.create(
                at: branch.replicaPath, node: try NodeID(branch.id), officeCode: String(format: "BR%02d", index),
                now: 1_750_000_000_000)
            writers.append(BranchWriter(id: branch.id, replica: replica))
            branch.peer = (headquarters.id, headquarters.port!)
            try branch.launch()
            branches.append(branch)
        }
        try self.waitUntilConnected(branches)
        let fanIn = FanIn(
            headquarters: headquarters, branches: branches, writers: writers,
            probe: try ReplicaProbe.waitForReplica(at: headquarters.replicaPath),
            branchProbes: try branches.map { try ReplicaProbe.waitForReplica(at: $0.replicaPath) })
        SyncBenchmark.progress("headquarters is pid \(fanIn.headquartersPID ?? 0)")
        self.report.branches = self.options.branches
        self.report.seconds = self.options.seconds
        self.report.warmUp = self.options.warmUp
        self.report.bound = self.options.bound
        for rate in self.options.rates {
            let step = try self.step(rate: rate, fanIn: fanIn)
            self.report.steps.append(step)
            // Past a step that never settled the machine is still busy with its backlog; higher rates
            // would only measure that backlog.
            if step.settle == nil { break }
        }
        self.report.print()
    }

    /// Waits until every branch's session with headquarters is established.
    private func waitUntilConnected(_ branches: [BenchNode]) throws {
        SyncBenchmark.progress("waiting for \(branches.count) branches to connect")
        let deadline = Date().addingTimeInterval(120)
        while !branches.allSatisfy({ $0.logContains("peer connected") }) {
            guard Date() < deadline else {
                let missing = branches.first { !$0.logContains("peer connected") }!
                throw BenchError("\(missing.id) did not connect:\n\(missing.logSinceLaunch())")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// One rate step: all branches write for the step's length while headquarters' vector is sampled.
    private func step(rate: Int, fanIn: FanIn) throws -> FanInReport.Step {
        SyncBenchmark.progress("step: \(rate) ops/s across \(fanIn.writers.count) branches")
        let before = fanIn.usage()
        let appliedBefore = try fanIn.headquartersTotal()
        let writtenBefore = fanIn.writers.reduce(0) { $0 + $1.written }
        let start = self.clock.now
        let perBranch = Double(rate) / Double(fanIn.writers.count)
        for (index, writer) in fanIn.writers.enumerated() {
            writer.start(
                rate: perBranch, seconds: self.options.seconds, from: start,
                phase: Double(index) / Double(fanIn.writers.count))
        }
        var lags = Samples()
        while self.clock.now - start < .seconds(self.options.seconds) {
            let now = self.clock.now
            let worst = try fanIn.worstLag(at: now)
            if (now - start).seconds >= self.options.warmUp { lags.add(worst) }
            Thread.sleep(forTimeInterval: self.options.sampleInterval)
        }
        for writer in fanIn.writers { try writer.finish() }
        let elapsed = (self.clock.now - start).seconds
        let after = fanIn.usage()
        let applied = Double(try fanIn.headquartersTotal() - appliedBefore) / elapsed
        let written = Double(fanIn.writers.reduce(0) { $0 + $1.written } - writtenBefore) / elapsed
        let settle = try fanIn.settle(timeout: 60)
        let worstLag = lags.maximum
        return FanInReport.Step(
            offered: rate, written: written, applied: applied, worstLag: worstLag, medianLag: lags.median,
            settle: settle, headquartersCPU: (after.headquarters - before.headquarters) / elapsed,
            branchesCPU: (after.branches - before.branches) / elapsed,
            writersCPU: (after.writers - before.writers) / elapsed,
            machineBusy: (after.machine.busy - before.machine.busy) / (after.machine.total - before.machine.total),
            headquartersRSSKiB: fanIn.headquartersMemoryKiB("VmRSS:"),
            headquartersPeakKiB: fanIn.headquartersMemoryKiB("VmHWM:"),
            holds: worstLag <= self.options.bound)
    }
}
