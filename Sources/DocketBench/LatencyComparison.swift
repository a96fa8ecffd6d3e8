import DocketCore
import DocketStore
import DocketTLS
import DocketTestSupport
import Foundation

/// Commit-to-visible latency of two `docket` builds, measured in one run with their writes taking turns.
///
/// This machine's speed drifts by a third within minutes, more than most changes to a single change's way
/// to a peer, so two runs of `docket-bench sync` one after the other could not tell such builds apart. Here
/// each build runs its own pair of daemons (A is written in-process and listens, B dials it), on replicas
/// of the same size, and every round writes one operation at each pair's A, in a random order, timing it
/// until that pair's B shows it. Drift falls on both builds alike, and the figure to read is the ratio.
final class LatencyComparison {
    private let options: LatencyOptions
    private let clock = ContinuousClock()

    /// One build's daemons and what was measured of them.
    private final class Pair {
        let binary: URL
        let source: BenchNode
        let peer: BenchNode
        let generator: CaseStoryGenerator
        var probe: ReplicaProbe?
        var visible = Samples()
        var lone = Samples()
        var cpuPerWrite: (source: Double, peer: Double) = (.nan, .nan)

        init(binary: URL, ids: (String, String), root: URL, authority: CertificateAuthority, office: String) throws {
            self.binary = binary
            self.source = try BenchNode(id: ids.0, root: root, authority: authority, binary: binary, listens: true)
            self.peer = try BenchNode(id: ids.1, root: root, authority: authority, binary: binary, listens: false)
            let replica = try Replica.create(
                at: self.source.replicaPath, node: try NodeID(ids.0), officeCode: office, now: 1_750_000_000_000)
            self.generator = CaseStoryGenerator(replica: replica)
        }

        /// Writes one operation at A and times it from the commit until B's replica shows it, in seconds.
        func timeOneWrite(clock: ContinuousClock) throws -> Double {
            try self.generator.write(1, perTransaction: 1)
            let committed = clock.now
            let seq = Int64(self.generator.written)
            try self.probe!.wait(timeout: 30, interval: 0.0002) { ($0[self.source.id] ?? 0) >= seq }
            return (clock.now - committed).seconds
        }
    }

    init(options: LatencyOptions) {
        self.options = options
    }

    func run() throws {
        let (root, authority) = try self.options.run.makeWorkDirectory(for: "latency")
        defer { self.options.run.finish(root) }
        let pairs = [
            try Pair(binary: self.options.run.docket, ids: ("bench-a", "bench-b"), root: root, authority: authority, office: "BA01"),
            try Pair(binary: self.options.against!, ids: ("bench-c", "bench-d"), root: root, authority: authority, office: "BC01"),
        ]
        defer {
            for pair in pairs {
                pair.peer.stop()
                pair.source.stop()
            }
        }
        for pair in pairs {
            SyncBenchmark.progress("\(pair.binary.path): \(self.options.size) operations at \(pair.source.id), caught up by \(pair.peer.id)")
            try pair.generator.write(self.options.size, perTransaction: 5000)
            try pair.source.start()
            pair.peer.peer = (pair.source.id, pair.source.port!)
            try pair.peer.launch()
            let probe = try ReplicaProbe.waitForReplica(at: pair.peer.replicaPath)
            try probe.wait(timeout: 600, interval: 0.05) { ($0[pair.source.id] ?? 0) >= Int64(pair.generator.written) }
            pair.probe = probe
        }

        var random = SplitMix64(seed: 47)
        var ratios = Samples()
        SyncBenchmark.progress("\(self.options.writes) rounds of one write at each pair")
        let cpu = pairs.map { ($0.source.cpuSeconds(), $0.peer.cpuSeconds()) }
        for _ in 0..<self.options.writes {
            var times = [Double](repeating: 0, count: pairs.count)
            for index in random.shuffled(Array(pairs.indices)) {
                // A random pause, as in `docket-bench sync`, so writes do not fall in step with any timer.
                Thread.sleep(forTimeInterval: Double(random.next() % 20_000) / 1_000_000)
                times[index] = try pairs[index].timeOneWrite(clock: self.clock)
                pairs[index].visible.add(times[index])
            }
            ratios.add(times[1] / times[0])
        }
        for (pair, before) in zip(pairs, cpu) {
            let writes = Double(self.options.writes)
            pair.cpuPerWrite = ((pair.source.cpuSeconds() - before.0) / writes, (pair.peer.cpuSeconds() - before.1) / writes)
        }
        SyncBenchmark.progress("\(self.options.loneWrites) rounds half a second apart")
        for _ in 0..<self.options.loneWrites {
            for index in random.shuffled(Array(pairs.indices)) {
                Thread.sleep(forTimeInterval: 0.5 + Double(random.next() % 20_000) / 1_000_000)
                pairs[index].lone.add(try pairs[index].timeOneWrite(clock: self.clock))
            }
        }
        self.print(pairs, ratios: ratios)
    }

    private func print(_ pairs: [Pair], ratios: Samples) {
        let (first, second) = (pairs[0], pairs[1])
        let ms = { (value: Double) in String(format: "%.2f", value * 1000) }
        let ratio = { (a: Double, b: Double) in String(format: "%.2f", b / a) }
        Swift.print("""
            Commit at A to visible at B, two builds taking turns in one run, replicas of \(self.options.size) operations
            first: \(first.binary.path)
            second: \(second.binary.path)

            | | first | second | second / first |
            | --- | ---: | ---: | ---: |
            """)
        for (label, fraction) in [("p50, ms", 0.5), ("p90, ms", 0.9), ("p99, ms", 0.99)] {
            let (a, b) = (first.visible.percentile(fraction), second.visible.percentile(fraction))
            Swift.print("| \(label) | \(ms(a)) | \(ms(b)) | \(ratio(a, b)) |")
        }
        if self.options.loneWrites > 0 {
            let (a, b) = (first.lone.median, second.lone.median)
            Swift.print("| half a second apart, p50, ms | \(ms(a)) | \(ms(b)) | \(ratio(a, b)) |")
        }
        Swift.print("""
            | daemons' CPU per write, A / B, ms | \(ms(first.cpuPerWrite.source)) / \(ms(first.cpuPerWrite.peer)) \
            | \(ms(second.cpuPerWrite.source)) / \(ms(second.cpuPerWrite.peer)) \
            | \(ratio(first.cpuPerWrite.source + first.cpuPerWrite.peer, second.cpuPerWrite.source + second.cpuPerWrite.peer)) |

            Per round, second / first: median \(String(format: "%.2f", ratios.median)), \
            quartiles \(String(format: "%.2f", ratios.percentile(0.25)))–\(String(format: "%.2f", ratios.percentile(0.75))); \
            \(ratios.values.filter { $0 < 1 }.count) of \(ratios.values.count) rounds faster with the second.
            CPU per write includes the idle time between writes, for both builds alike.
            """)
    }
}
