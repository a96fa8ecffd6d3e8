import Foundation

/// The running fan-in cluster as the benchmark reads it: headquarters' and the branches' replicas
/// (read-only), the writers' commit times, and the daemons' CPU and memory from `/proc`.
struct FanIn {
    let headquarters: BenchNode
    let branches: [BenchNode]
    let writers: [BranchWriter]
    let probe: ReplicaProbe
    let branchProbes: [ReplicaProbe]

    /// The daemon writes its pid into the lock file of its data directory.
    var headquartersPID: Int32? {
        let lock = self.headquarters.directory.appendingPathComponent("serve.lock")
        guard let text = try? String(contentsOf: lock, encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Operations headquarters holds, all of them the branches'.
    func headquartersTotal() throws -> Int64 {
        try self.probe.vector().values.reduce(0, +)
    }

    /// The largest lag of any branch behind headquarters at `now`, in seconds.
    func worstLag(at now: ContinuousClock.Instant) throws -> Double {
        let vector = try self.probe.vector()
        return self.writers.map { $0.lag(headquartersHas: vector[$0.id] ?? 0, at: now) }.max() ?? 0
    }

    /// Waits until headquarters and every branch hold every operation written; the seconds it took, or
    /// `nil` after `timeout`.
    func settle(timeout: Double) throws -> Double? {
        let clock = ContinuousClock()
        let start = clock.now
        let target = Dictionary(uniqueKeysWithValues: self.writers.map { ($0.id, Int64($0.written)) })
        let probes = [self.probe] + self.branchProbes
        while (clock.now - start).seconds < timeout {
            let settled = try probes.allSatisfy { probe in
                let vector = try probe.vector()
                return target.allSatisfy { vector[$0.key] ?? 0 >= $0.value }
            }
            if settled { return (clock.now - start).seconds }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    /// CPU seconds so far of headquarters, all branch daemons, this process, and the machine.
    func usage() -> (headquarters: Double, branches: Double, writers: Double, machine: (busy: Double, total: Double)) {
        (
            self.headquarters.cpuSeconds(), self.branches.reduce(0) { $0 + $1.cpuSeconds() }, MachineCPU.ownSeconds(),
            MachineCPU.times()
        )
    }

    /// A `VmRSS:`/`VmHWM:` line of headquarters' `/proc/PID/status`, in KiB; 0 if unreadable.
    func headquartersMemoryKiB(_ field: String) -> Int {
        guard let pid = self.headquartersPID,
            let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) }),
            let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return 0 }
        return kib
    }
}
