import DocketStore
import Foundation

/// The figures of one `docket-bench sync` run, and how they are printed.
struct SyncReport {
    /// A new, empty node dialling the source and taking everything it holds.
    struct CatchUp {
        var operations: Int
        /// From launching the empty node's process until its version vector equals the source's.
        var seconds: Double
        /// From launch until the session was established (process start, replica creation, TLS, hello).
        var connectSeconds: Double
        var sourceCPUSeconds: Double
        var peerCPUSeconds: Double
        var peerPeakMemoryKiB: Int
        var operationsPerSecond: Double { Double(self.operations) / self.seconds }
    }

    /// Restarting a node that was converged, with or without operations written while it was down.
    struct Reconnect {
        var size: Int
        /// Launch until "peer connected", with nothing new at the source.
        var idle = Samples()
        /// Launch until converged, with `newOperations` written at the source while the node was down.
        var total = Samples()
        /// "Peer connected" until converged in the same runs: the sync itself.
        var sync = Samples()
    }

    var generation: [(size: Int, seconds: Double)] = []
    var catchUps: [CatchUp] = []
    var reconnects: [Reconnect] = []
    var newOperations = 10
    /// Each write's own commit at the source, then commit-to-visible at the peer.
    var commit = Samples()
    var visible = Samples()
    var writeToVisible = Samples()
    /// Commit-to-visible of writes half a second apart: each finds the daemons idle and the log
    /// checkpointed as far as they leave it between a person's changes.
    var loneVisible = Samples()
    var latencySize = 0
    /// CPU seconds per single write during the latency phase, at A and B (idle time included).
    var latencyCPUSeconds: (source: Double, peer: Double)?
    /// Whole `docket` processes at A against the running daemons.
    var commands: CommandLatency?
    var sourcePeakMemoryKiB = 0
    var peerPeakMemoryKiB = 0
    /// Signing and verifying, measured on what the peer received in the largest catch-up.
    var chainCost: ChainCost?
    /// The same log rows as the largest catch-up, inserted plainly.
    var plainInsert: PlainInsert?

    func print() {
        Swift.print("Docket replication, two `docket serve` daemons on 127.0.0.1, TLS 1.3 with mutual authentication")
        Swift.print("")
        Swift.print(
            "Source replica built in-process (local writes through Replica.write, 5000 operations a transaction):")
        for (size, seconds) in self.generation {
            Swift.print(String(format: "  to %9d operations: %7.1f s for this step", size, seconds))
        }
        Swift.print("")
        Swift.print("Initial catch-up: empty node B dials A and takes everything (launch of B until vectors are equal)")
        Swift.print("| operations | seconds | ops/s | of which connect | CPU s A / B | peak RSS of B |")
        Swift.print("| ---: | ---: | ---: | ---: | ---: | ---: |")
        for row in self.catchUps {
            Swift.print(
                String(
                    format: "| %d | %.1f | %.0f | %.2f s | %.1f / %.1f | %.0f MiB |", row.operations, row.seconds,
                    row.operationsPerSecond, row.connectSeconds, row.sourceCPUSeconds, row.peerCPUSeconds,
                    Double(row.peerPeakMemoryKiB) / 1024))
        }
        Swift.print("")
        let runs = self.reconnects.first?.total.values.count ?? 0
        let new = self.newOperations
        Swift.print("Reconnect: converged B stopped (SIGTERM) and relaunched; medians of \(runs) runs, ms")
        Swift.print(
            "| replica size | reconnect, nothing new | reconnect + \(new) new ops | of which sync of \(new) ops (min–max) |")
        Swift.print("| ---: | ---: | ---: | ---: |")
        for row in self.reconnects {
            Swift.print(
                String(
                    format: "| %d | %.0f | %.0f | %.1f (%.1f–%.1f) |", row.size, row.idle.median * 1000,
                    row.total.median * 1000, row.sync.median * 1000, row.sync.minimum * 1000, row.sync.maximum * 1000))
        }
        Swift.print("")
        let writes = self.writeToVisible.values.count
        Swift.print("Latency: \(writes) single-operation local writes at A, replica of \(self.latencySize) operations, ms")
        Swift.print("| | p50 | p99 | max |")
        Self.printPercentiles([
            ("commit at A", self.commit), ("commit to visible at B", self.visible),
            ("write to visible at B", self.writeToVisible),
            ("commit to visible at B, \(self.loneVisible.values.count) writes 0.5 s apart", self.loneVisible),
        ])
        if let cpu = self.latencyCPUSeconds {
            Swift.print(
                String(
                    format: "Daemons' CPU per write (idle between writes included), A / B: %.2f / %.2f ms",
                    cpu.source * 1000, cpu.peer * 1000))
        }
        self.printCommands()
        Swift.print("")
        Swift.print(
            String(
                format: "Peak memory (VmHWM): A %.0f MiB over the whole run; B %.0f MiB, the highest of its starts",
                Double(self.sourcePeakMemoryKiB) / 1024, Double(self.peerPeakMemoryKiB) / 1024))
        self.printChainCost()
        self.printRatio()
    }

    /// The CLI table: what a person at A waits for, each command a whole process from launch.
    private func printCommands() {
        guard let commands = self.commands else { return }
        Swift.print("")
        Swift.print(
            "CLI: whole `docket` processes at A, daemons running, \(commands.help.values.count) runs each, "
                + "from launch, ms")
        Swift.print("| command | p50 | p99 | max |")
        Self.printPercentiles([
            ("`docket --help`, to exit", commands.help), ("`docket vector`, to exit", commands.vector),
            ("`docket case set ID summary TEXT`, to exit", commands.write),
            ("the same, to visible at B", commands.writeToVisible),
        ])
    }

    /// The body of a p50 / p99 / max table in milliseconds, one row per named set of samples in seconds.
    private static func printPercentiles(_ rows: [(name: String, samples: Samples)]) {
        Swift.print("| --- | ---: | ---: | ---: |")
        for (name, samples) in rows {
            Swift.print(
                "| \(name) "
                    + String(
                        format: "| %.1f | %.1f | %.1f |", samples.median * 1000, samples.percentile(0.99) * 1000,
                        samples.maximum * 1000))
        }
    }

    /// Docket's catch-up against the plain insert of the same rows, and each side's CPU per 1,000 operations.
    private func printRatio() {
        guard let plain = self.plainInsert, let largest = self.catchUps.max(by: { $0.operations < $1.operations }) else { return }
        Swift.print("")
        Swift.print(String(
            format: "Catch-up of %d operations: %.0f ops/s, %.1f%% of a plain batched insert of the same %d log rows "
                + "(%.0f rows/s, same SQLite and pragmas, no merge, projection or network)",
            largest.operations, largest.operationsPerSecond, 100 * largest.operationsPerSecond / plain.rowsPerSecond,
            plain.rows, plain.rowsPerSecond))
        Swift.print(String(
            format: "CPU per 1,000 operations: sender A %.1f ms, receiver B %.1f ms",
            largest.sourceCPUSeconds * 1_000_000 / Double(largest.operations),
            largest.peerCPUSeconds * 1_000_000 / Double(largest.operations)))
    }

    /// The chain's share of catch-up CPU: its cost per 1,000 operations against each daemon's CPU for the
    /// same 1,000 in the largest catch-up.
    private func printChainCost() {
        guard let cost = self.chainCost, let largest = self.catchUps.max(by: { $0.operations < $1.operations }) else { return }
        let receiver = largest.peerCPUSeconds * 1000 * 1000 / Double(largest.operations)
        let sender = largest.sourceCPUSeconds * 1000 * 1000 / Double(largest.operations)
        Swift.print("")
        Swift.print("Signed chains, on the \(cost.operations) operations and \(cost.signatures) signatures B received; per 1,000 operations, ms")
        Swift.print("| | chain work | of which | daemon CPU | share |")
        Swift.print("| --- | ---: | --- | ---: | ---: |")
        Swift.print(String(
            format: "| receiver B | %.2f | hashing %.2f, %.2f signature checks of %.3f | %.1f | %.1f%% |",
            cost.receiverMillisPerThousand, cost.hashMillisPerThousand, cost.verifiesPerThousand, cost.verifyMillis,
            receiver, 100 * cost.receiverMillisPerThousand / receiver))
        Swift.print(String(
            format: "| sender A | %.2f | one signature of %.3f per %d operations | %.1f | %.1f%% |",
            cost.senderMillisPerThousand, cost.signMillis, Int(Replica.signatureSpacing), sender,
            100 * cost.senderMillisPerThousand / sender))
    }
}
