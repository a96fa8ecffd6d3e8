import Foundation

/// What `docket-bench sync` measures, and how much of it.
struct SyncOptions {
    static let usage = """
        usage: docket-bench sync [--quick] [--sizes N,N,...] [--writes N] [--lone-writes N] [--reconnects N]
                                [--cli-runs N] [--docket PATH] [--keep]
          --sizes       replica sizes in operations, ascending (default 10000,100000,1000000)
          --writes      writes timed from one node to the other for latency (default 1000)
          --lone-writes writes timed the same way half a second apart, as a person makes them (default 40)
          --reconnects  reconnect runs per size and kind, median reported (default 5)
          --cli-runs    runs of each `docket` command timed as a whole process (default 30)
          --quick       a smoke run: sizes 1000,5000,20000, 200 writes, 10 lone writes, 3 reconnects,
                        10 command runs
          --docket      the docket executable to run (default: the one beside docket-bench)
          --keep        leave the work directory (replicas, configs, daemon logs) in place
        """

    var sizes = [10_000, 100_000, 1_000_000]
    var writes = 1000
    var loneWrites = 40
    var reconnects = 5
    var cliRuns = 30
    var run = DaemonRun()
    /// Operations written before B is stopped for a reconnect run, as the issue asks.
    let newOperations = 10

    init(parsing arguments: ArraySlice<String>) throws {
        var arguments = arguments
        while let flag = arguments.popFirst() {
            switch flag {
            case "--quick":
                self.sizes = [1000, 5000, 20_000]
                self.writes = 200
                self.loneWrites = 10
                self.reconnects = 3
                self.cliRuns = 10
            case "--sizes":
                guard let sizes = BenchMain.ascendingIntegers(arguments.popFirst(), minimum: 2) else {
                    BenchMain.usageError(Self.usage)
                }
                self.sizes = sizes
            case "--writes":
                guard let writes = Int(arguments.popFirst() ?? ""), writes > 0 else { BenchMain.usageError(Self.usage) }
                self.writes = writes
            case "--lone-writes":
                guard let writes = Int(arguments.popFirst() ?? ""), writes > 0 else { BenchMain.usageError(Self.usage) }
                self.loneWrites = writes
            case "--reconnects":
                guard let runs = Int(arguments.popFirst() ?? ""), runs > 0 else { BenchMain.usageError(Self.usage) }
                self.reconnects = runs
            case "--cli-runs":
                guard let runs = Int(arguments.popFirst() ?? ""), runs > 0 else { BenchMain.usageError(Self.usage) }
                self.cliRuns = runs
            default:
                guard self.run.read(flag, from: &arguments, usage: Self.usage) else { BenchMain.usageError(Self.usage) }
            }
        }
        try BenchMain.requireExecutable(self.run.docket)
    }
}
