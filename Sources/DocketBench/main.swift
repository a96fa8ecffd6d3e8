// Figures for Docket, printed rather than asserted: nothing here is a test, and CI never runs it.
//
//   docket-bench [tls] [--megabytes N] [--handshakes N]   TLS transport: throughput and handshakes
//   docket-bench sync [--quick] [options]                 replication between two `docket serve` daemons
//   docket-bench fanin [--quick] [options]                one headquarters taking in 20 branches' writes
//   docket-bench latency --against PATH [options]         two builds' commit-to-visible, taking turns
//
// Without a mode the TLS benchmark runs, so the commands recorded in docs/benchmarks.md keep working.
import Foundation

/// Picks the benchmark named by the first argument.
enum BenchMain {
    static func run() throws {
        var arguments = CommandLine.arguments.dropFirst()
        switch arguments.first {
        case "sync":
            arguments.removeFirst()
            try SyncBenchmark(options: try SyncOptions(parsing: arguments)).run()
        case "fanin":
            arguments.removeFirst()
            try FanInBenchmark(options: try FanInOptions(parsing: arguments)).run()
        case "latency":
            arguments.removeFirst()
            try LatencyComparison(options: try LatencyOptions(parsing: arguments)).run()
        case "tls":
            arguments.removeFirst()
            try TLSBenchmark.run(arguments: arguments)
        case "-h", "--help", "help":
            print(TLSBenchmark.usage)
            print(SyncOptions.usage)
            print(FanInOptions.usage)
            print(LatencyOptions.usage)
        default:
            try TLSBenchmark.run(arguments: arguments)
        }
    }

    /// `name` in the directory this program runs from: the `docket` built with it, by default.
    static func besideThisProgram(_ name: String) -> URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent(name)
    }

    /// Refuses to start a benchmark whose `docket` is missing, before any daemon or replica is made.
    static func requireExecutable(_ docket: URL) throws {
        guard FileManager.default.isExecutableFile(atPath: docket.path) else {
            throw BenchError("no docket executable at \(docket.path); build it first (see docs/benchmarks.md)")
        }
    }

    static func usageError(_ usage: String) -> Never {
        FileHandle.standardError.write(Data("\(usage)\n".utf8))
        exit(2)
    }
}

do {
    try BenchMain.run()
} catch {
    FileHandle.standardError.write(Data("docket-bench: \(error)\n".utf8))
    exit(1)
}
