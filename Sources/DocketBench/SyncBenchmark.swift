import DocketCore
import DocketStore
import DocketTLS
import DocketTestSupport
import Foundation

/// Replication figures between two real `docket serve` processes on 127.0.0.1: initial catch-up,
/// reconnect after a few new operations at several replica sizes, write-to-visible latency, whole `docket`
/// commands at A (start-up, a read, a write until visible at B), peak memory.
///
/// Node A is the source: its replica is written in-process through the store's own write path, and it
/// only listens. Node B dials A. Progress goes to standard error, the figures to standard output.
final class SyncBenchmark {
    private let options: SyncOptions
    private let clock = ContinuousClock()
    private var report = SyncReport()

    init(options: SyncOptions) {
        self.options = options
    }

    func run() throws {
        let (root, authority) = try self.options.run.makeWorkDirectory(for: "sync")
        defer { self.options.run.finish(root) }
        let a = try BenchNode(
            id: "bench-a", root: root, authority: authority, binary: self.options.run.docket, listens: true)
        let b = try BenchNode(
            id: "bench-b", root: root, authority: authority, binary: self.options.run.docket, listens: false)
        defer {
            b.stop()
            a.stop()
        }
        let source = try Replica.create(
            at: a.replicaPath, node: try NodeID(a.id), officeCode: "BA01", now: 1_750_000_000_000)
        let generator = CaseStoryGenerator(replica: source)
        try a.start()
        b.peer = (a.id, a.port!)
        let sourceProbe = try ReplicaProbe.waitForReplica(at: a.replicaPath)
        self.report.newOperations = self.options.newOperations

        for size in self.options.sizes {
            b.stop()
            // Grow A while B is down, so B's catch-up starts from an empty replica and nothing streams early.
            Self.progress("writing operations at A up to \(size)")
            let started = self.clock.now
            try generator.write(size - generator.written, perTransaction: 5000)
            self.report.generation.append((size, (self.clock.now - started).seconds))

            b.removeReplica()
            try self.catchUp(source: a, peer: b, target: try sourceProbe.vector(), operations: generator.written)
            self.report.reconnects.append(
                try self.reconnects(at: size, peer: b, source: sourceProbe, generator: generator))
        }

        let peerProbe = try ReplicaProbe.waitForReplica(at: b.replicaPath)
        try self.latency(generator: generator, source: a, peer: b, probe: peerProbe)
        try self.loneLatency(generator: generator, probe: peerProbe)
        try self.commands(at: a, source: sourceProbe, peer: peerProbe, generator: generator)
        a.recordPeakMemory()
        b.recordPeakMemory()
        self.report.sourcePeakMemoryKiB = a.peakMemoryKiB
        self.report.peerPeakMemoryKiB = b.peakMemoryKiB
        self.report.chainCost = try ChainCost.measure(peerReplica: b.replicaPath, source: a.certificate)
        Self.progress("inserting the same log rows plainly, for the ratio")
        self.report.plainInsert = try PlainInsert.measure(
            source: b.replicaPath, scratch: b.directory.appendingPathComponent("plain.sqlite").path,
            batch: 1000)  // the daemon's default `[sync] batch_operations`
        self.report.print()
    }

    /// Reconnects B to A several times at one replica size: once with nothing new, once after A wrote a
    /// few operations while B was down.
    private func reconnects(
        at size: Int, peer: BenchNode, source: ReplicaProbe, generator: CaseStoryGenerator
    ) throws -> SyncReport.Reconnect {
        let peerProbe = try ReplicaProbe.waitForReplica(at: peer.replicaPath)
        var reconnect = SyncReport.Reconnect(size: size)
        for run in 1...self.options.reconnects {
            Self.progress("reconnect \(run)/\(self.options.reconnects) at \(generator.written) operations")
            reconnect.idle.add(try self.reconnect(peer: peer, probe: peerProbe, target: try source.vector()).connected)
            peer.stop()
            try generator.write(self.options.newOperations, perTransaction: 1)
            let timing = try self.reconnect(peer: peer, probe: peerProbe, target: try source.vector(), alreadyStopped: true)
            reconnect.total.add(timing.converged)
            reconnect.sync.add(timing.converged - timing.connected)
        }
        return reconnect
    }

    /// Starts the empty node B and times it until its vector equals A's.
    private func catchUp(source: BenchNode, peer: BenchNode, target: [String: Int64], operations: Int) throws {
        Self.progress("initial catch-up of \(operations) operations")
        let sourceCPU = source.cpuSeconds()
        let started = self.clock.now
        try peer.launch()
        var connected: Double?
        let probe = try ReplicaProbe.waitForReplica(at: peer.replicaPath)
        try probe.wait(timeout: 3600, interval: 0.01) { vector in
            if connected == nil && peer.logContains("peer connected") {
                connected = (self.clock.now - started).seconds
            }
            return vector == target
        }
        let seconds = (self.clock.now - started).seconds
        peer.recordPeakMemory()
        self.report.catchUps.append(
            SyncReport.CatchUp(
                operations: operations, seconds: seconds, connectSeconds: connected ?? seconds,
                sourceCPUSeconds: source.cpuSeconds() - sourceCPU, peerCPUSeconds: peer.cpuSeconds(),
                peerPeakMemoryKiB: peer.peakMemoryKiBOfCurrentProcess()))
    }

    /// Stops B (unless it already is) and relaunches it; times the session's establishment and convergence.
    private func reconnect(
        peer: BenchNode,
        probe: ReplicaProbe,
        target: [String: Int64],
        alreadyStopped: Bool = false
    ) throws -> (connected: Double, converged: Double) {
        if !alreadyStopped { peer.stop() }
        let started = self.clock.now
        try peer.launch()
        var connected: Double?
        var converged: Double?
        let deadline = Date().addingTimeInterval(120)
        // Poll every millisecond: the figures are tens of milliseconds.
        while connected == nil || converged == nil {
            guard Date() < deadline else { throw BenchError("reconnect did not converge:\n\(peer.logSinceLaunch())") }
            if connected == nil && peer.logContains("peer connected") {
                connected = (self.clock.now - started).seconds
            }
            if converged == nil, connected != nil, try probe.vector() == target {
                converged = (self.clock.now - started).seconds
            }
            Thread.sleep(forTimeInterval: 0.001)
        }
        return (connected!, converged!)
    }

    /// Single-operation local writes at A, each timed until B's replica shows it.
    /// Also the daemons' CPU per write, what a steady trickle of single changes costs each side.
    private func latency(
        generator: CaseStoryGenerator, source: BenchNode, peer: BenchNode, probe: ReplicaProbe
    ) throws {
        Self.progress("latency: \(self.options.writes) writes")
        self.report.latencySize = generator.written
        let cpu = (source: source.cpuSeconds(), peer: peer.cpuSeconds())
        defer {
            let writes = Double(max(1, self.options.writes))
            self.report.latencyCPUSeconds = (
                (source.cpuSeconds() - cpu.source) / writes, (peer.cpuSeconds() - cpu.peer) / writes)
        }
        var random = SplitMix64(seed: 42)
        for _ in 0..<self.options.writes {
            // A random pause so writes do not fall in step with the daemon's 10 ms commit polling.
            Thread.sleep(forTimeInterval: Double(random.next() % 20_000) / 1_000_000)
            let started = self.clock.now
            try generator.write(1, perTransaction: 1)
            let committed = self.clock.now
            // Every operation at A is A's own, so its sequence number is the count written.
            let seq = Int64(generator.written)
            try probe.wait(timeout: 30, interval: 0.0002) { ($0["bench-a"] ?? 0) >= seq }
            let visible = self.clock.now
            self.report.commit.add((committed - started).seconds)
            self.report.visible.add((visible - committed).seconds)
            self.report.writeToVisible.add((visible - started).seconds)
        }
    }

    /// Single-operation writes at A half a second apart, as a person makes them rather than a hundred a
    /// second: what the daemons do between changes (checkpoints, threads gone idle) is then part of each
    /// change's way to B.
    private func loneLatency(generator: CaseStoryGenerator, probe: ReplicaProbe) throws {
        Self.progress("latency: \(self.options.loneWrites) writes half a second apart")
        var random = SplitMix64(seed: 43)
        for _ in 0..<self.options.loneWrites {
            Thread.sleep(forTimeInterval: 0.5 + Double(random.next() % 20_000) / 1_000_000)
            try generator.write(1, perTransaction: 1)
            let committed = self.clock.now
            let seq = Int64(generator.written)
            try probe.wait(timeout: 30, interval: 0.0002) { ($0["bench-a"] ?? 0) >= seq }
            self.report.loneVisible.add((self.clock.now - committed).seconds)
        }
    }

    /// Whole `docket` processes at A while both daemons run: help, a read, and a one-field change timed
    /// until B shows it.
    private func commands(
        at node: BenchNode, source: ReplicaProbe, peer: ReplicaProbe, generator: CaseStoryGenerator
    ) throws {
        Self.progress("commands: \(self.options.cliRuns) runs of each `docket` command at A")
        guard let caseID = generator.caseInProgress else { throw BenchError("no case in progress at A to change") }
        self.report.commands = try CommandLatency.measure(
            runs: self.options.cliRuns,
            setup: .init(docket: self.options.run.docket, node: node, source: source, peer: peer, caseID: caseID))
    }

    static func progress(_ message: String) {
        FileHandle.standardError.write(Data("[\(Date())] \(message)\n".utf8))
    }
}
