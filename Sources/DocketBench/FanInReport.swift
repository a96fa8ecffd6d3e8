import Foundation

/// The figures of one `docket-bench fanin` run, and how they are printed.
struct FanInReport {
    /// One rate step: what was offered, what headquarters took, and what it cost.
    struct Step {
        /// Total rate asked of all branches together, ops/s.
        var offered: Int
        /// What the branches actually committed over the step, ops/s.
        var written: Double
        /// Operations headquarters applied over the step, per second of the step.
        var applied: Double
        /// The worst branch's lag after warm-up: age of its oldest operation headquarters lacked, s.
        var worstLag: Double
        /// The median over samples of the worst branch's lag at that sample, s.
        var medianLag: Double
        /// Seconds after the step until headquarters and every branch held everything written.
        var settle: Double?
        /// CPU as a share of one core over the step.
        var headquartersCPU: Double
        var branchesCPU: Double
        var writersCPU: Double
        /// Busy share of the whole machine (all cores) over the step.
        var machineBusy: Double
        /// Headquarters' resident set at the end of the step and its peak so far, KiB.
        var headquartersRSSKiB: Int
        var headquartersPeakKiB: Int
        var holds: Bool
    }

    var branches = 0
    var seconds = 0.0
    var warmUp = 0.0
    var bound = 1.0
    var steps: [Step] = []

    func print() {
        Swift.print(
            "Docket fan-in: one headquarters `docket serve`, \(self.branches) branch daemons dialling it, "
                + "all on 127.0.0.1 on this \(MachineCPU.cores)-core machine, TLS 1.3 with mutual authentication")
        Swift.print(
            String(
                format: "Each step %.0f s, the first %.1f s warm-up; a step holds when every branch stays within %.0f s "
                    + "of headquarters", self.seconds, self.warmUp, self.bound))
        Swift.print("")
        Swift.print(
            "| offered ops/s | written ops/s | HQ applied ops/s | worst branch lag, s (median) | holds | settle s "
                + "| HQ CPU | branches' CPU | writers' CPU | machine busy | HQ RSS (peak) |")
        Swift.print("| ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for step in self.steps {
            Swift.print(self.row(step))
        }
        Swift.print("")
        let held = self.steps.filter(\.holds)
        if let best = held.max(by: { $0.offered < $1.offered }) {
            Swift.print(
                String(
                    format: "Highest rate that holds: %d ops/s offered, %.0f applied at headquarters, "
                        + "%.0f%% of a core for headquarters", best.offered, best.applied, best.headquartersCPU * 100))
        } else {
            Swift.print("No step held: lower the rates (--rates) or the branches (--branches).")
        }
        Swift.print(
            "CPU columns are shares of one core (utime+stime over the step): branches' is all branch daemons "
                + "together, writers' is this process writing the branches' operations; machine busy is of all cores.")
    }

    private func row(_ step: Step) -> String {
        let settle = step.settle.map { String(format: "%.1f", $0) } ?? "> 60"
        let rates = String(
            format: "| %d | %.0f | %.0f | %.2f (%.2f) ", step.offered, step.written, step.applied, step.worstLag,
            step.medianLag)
        let costs = String(
            format: "| %.0f%% | %.0f%% | %.0f%% | %.0f%% | %.0f (%.0f) MiB |", step.headquartersCPU * 100,
            step.branchesCPU * 100, step.writersCPU * 100, step.machineBusy * 100,
            Double(step.headquartersRSSKiB) / 1024, Double(step.headquartersPeakKiB) / 1024)
        return rates + "| \(step.holds ? "yes" : "no") | \(settle) " + costs
    }
}
