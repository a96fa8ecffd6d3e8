import Foundation

/// What `docket-bench latency` compares, and how much of it.
struct LatencyOptions {
    static let usage = """
        usage: docket-bench latency --against PATH [--docket PATH] [--size N] [--writes N] [--lone-writes N] [--keep]
          --against     the other docket executable, whose daemons take turns with the first build's
          --docket      the first docket executable (default: the one beside docket-bench)
          --size        operations in each pair's replicas before the timed writes (default 10000)
          --writes      rounds of one write at each pair, 0 to 20 ms apart (default 300)
          --lone-writes rounds with half a second before each write, as a person makes them: each
                        build's writes about a second apart, the builds alternating (default 20)
          --keep        leave the work directory (replicas, configs, daemon logs) in place
        """

    var size = 10_000
    var writes = 300
    var loneWrites = 20
    var run = DaemonRun()
    var against: URL?

    init(parsing arguments: ArraySlice<String>) throws {
        var arguments = arguments
        while let flag = arguments.popFirst() {
            switch flag {
            case "--against":
                guard let path = arguments.popFirst() else { BenchMain.usageError(Self.usage) }
                self.against = URL(fileURLWithPath: path)
            case "--size":
                guard let size = Int(arguments.popFirst() ?? ""), size >= 2 else { BenchMain.usageError(Self.usage) }
                self.size = size
            case "--writes":
                guard let writes = Int(arguments.popFirst() ?? ""), writes > 0 else { BenchMain.usageError(Self.usage) }
                self.writes = writes
            case "--lone-writes":
                guard let writes = Int(arguments.popFirst() ?? ""), writes >= 0 else { BenchMain.usageError(Self.usage) }
                self.loneWrites = writes
            default:
                guard self.run.read(flag, from: &arguments, usage: Self.usage) else { BenchMain.usageError(Self.usage) }
            }
        }
        guard let against = self.against else { BenchMain.usageError(Self.usage) }
        try BenchMain.requireExecutable(self.run.docket)
        try BenchMain.requireExecutable(against)
    }
}
