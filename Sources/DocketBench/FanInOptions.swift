import Foundation

/// What `docket-bench fanin` measures, and how much of it.
struct FanInOptions {
    static let usage = """
        usage: docket-bench fanin [--quick] [--branches N] [--rates N,N,...] [--seconds S] [--docket PATH] [--keep]
          --branches  branch daemons dialling the one headquarters daemon (default 20)
          --rates     total write rates across all branches, ops/s, ascending (default 100,200,400,800,1600)
          --seconds   length of each rate step (default 10; the first fifth is warm-up, not judged)
          --quick     a smoke run: 5 branches, rates 100,400, 4 s steps
          --docket    the docket executable to run (default: the one beside docket-bench)
          --keep      leave the work directory (replicas, configs, daemon logs) in place
        """

    var branches = 20
    var rates = [100, 200, 400, 800, 1600]
    var seconds = 10.0
    var run = DaemonRun()
    /// A branch is within bounds while its oldest operation headquarters lacks is younger than this.
    let bound = 1.0
    /// How often headquarters' vector is read; a branch's lag is known to about this much.
    let sampleInterval = 0.05

    /// The start of each step that is not judged: the daemons pick up the new rate.
    var warmUp: Double { self.seconds / 5 }

    init(parsing arguments: ArraySlice<String>) throws {
        var arguments = arguments
        while let flag = arguments.popFirst() {
            switch flag {
            case "--quick":
                self.branches = 5
                self.rates = [100, 400]
                self.seconds = 4
            case "--branches":
                guard let count = Int(arguments.popFirst() ?? ""), (1...200).contains(count) else {
                    BenchMain.usageError(Self.usage)
                }
                self.branches = count
            case "--rates":
                guard let rates = BenchMain.ascendingIntegers(arguments.popFirst(), minimum: 1) else {
                    BenchMain.usageError(Self.usage)
                }
                self.rates = rates
            case "--seconds":
                guard let seconds = Double(arguments.popFirst() ?? ""), seconds >= 2 else {
                    BenchMain.usageError(Self.usage)
                }
                self.seconds = seconds
            default:
                guard self.run.read(flag, from: &arguments, usage: Self.usage) else { BenchMain.usageError(Self.usage) }
            }
        }
        try BenchMain.requireExecutable(self.run.docket)
    }
}
