import Foundation

/// CPU time of the whole machine and of this process, from `/proc`, to tell a limit of one daemon from
/// a machine that is simply full.
enum MachineCPU {
    /// Busy and total CPU time of all cores since boot, in seconds (the first line of `/proc/stat`).
    static func times() -> (busy: Double, total: Double) {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
            let line = stat.split(separator: "\n").first
        else { return (0, 0) }
        // user nice system idle iowait irq softirq steal ...; idle and iowait are the not-busy ones.
        let ticks = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard ticks.count >= 5 else { return (0, 0) }
        let hertz = Double(sysconf(Int32(_SC_CLK_TCK)))
        let total = ticks.prefix(8).reduce(0, +)
        return ((total - ticks[3] - ticks[4]) / hertz, total / hertz)
    }

    /// User + system CPU time of this process (the in-process writers), in seconds.
    static func ownSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1_000_000
    }

    static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }
}
