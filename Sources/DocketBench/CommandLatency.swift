import DocketTestSupport
import Foundation

/// What a person at office A waits for: whole `docket` processes from launch to exit against the running
/// daemons, and a one-field change from launch until B's replica shows it.
///
/// The commands take turns, so a slow spell on the shared machine touches each of them alike. Launch to
/// exit is timed with a blocking wait, so the bench takes no processor from the command; launch to visible
/// polls B's replica every 0.2 ms, as the latency phase does, in runs of its own.
struct CommandLatency {
    var help = Samples()
    var vector = Samples()
    /// `docket case set ID summary TEXT`: launch to exit, the change committed and durable.
    var write = Samples()
    /// The same command, launch until B's replica holds the operation.
    var writeToVisible = Samples()

    /// Where the commands run, and what they read and change.
    struct Setup {
        let docket: URL
        /// A's data directory, config included; the daemon on it is running.
        let node: BenchNode
        let source: ReplicaProbe
        let peer: ReplicaProbe
        /// A case in progress at A, by id.
        let caseID: String
    }

    static func measure(runs: Int, setup: Setup) throws -> CommandLatency {
        var latency = CommandLatency()
        let launcher = Launcher(setup: setup)
        var random = SplitMix64(seed: 7)
        for run in 0..<runs {
            latency.help.add(try launcher.time(["--help"]))
            latency.vector.add(try launcher.time(["vector"]))
            latency.write.add(try launcher.time(Self.write(setup, "客户第\(run + 1)次来电催问进度")))
            // B first takes the change just made, so each timed change starts from converged replicas; then a
            // random pause, as in the latency phase, so writes do not fall in step with the daemon's polling.
            let target = (try setup.source.vector()[setup.node.id] ?? 0) + 1
            try setup.peer.wait(timeout: 30, interval: 0.0002) { ($0[setup.node.id] ?? 0) >= target - 1 }
            Thread.sleep(forTimeInterval: Double(random.next() % 20_000) / 1_000_000)
            latency.writeToVisible.add(
                try launcher.timeUntilVisible(Self.write(setup, "第\(run + 1)次回电已记录")) {
                    ($0[setup.node.id] ?? 0) >= target
                })
        }
        return latency
    }

    private static func write(_ setup: Setup, _ summary: String) -> [String] {
        ["case", "set", setup.caseID, "summary", summary]
    }

    /// Starts `docket` in A's data directory, as the office's staff would.
    private struct Launcher {
        let setup: Setup
        let environment: [String: String]
        let errorPath: String
        let clock = ContinuousClock()

        init(setup: Setup) {
            self.setup = setup
            var environment = ProcessInfo.processInfo.environment
            environment["DOCKET_DATA_DIR"] = setup.node.directory.path
            environment["DOCKET_STAFF"] = "bench"
            self.environment = environment
            self.errorPath = setup.node.directory.appendingPathComponent("cli-stderr").path
        }

        /// Seconds from launch to exit.
        func time(_ arguments: [String]) throws -> Double {
            let started = self.clock.now
            let run = try self.launch(arguments)
            run.wait()
            let seconds = (self.clock.now - started).seconds
            try run.checkSucceeded("docket \(arguments.joined(separator: " "))")
            return seconds
        }

        /// Seconds from launch until B's vector satisfies `visible`; B may show the change before the
        /// process that made it has finished exiting.
        func timeUntilVisible(_ arguments: [String], _ visible: ([String: Int64]) -> Bool) throws -> Double {
            let started = self.clock.now
            let run = try self.launch(arguments)
            let what = "docket \(arguments.joined(separator: " "))"
            while !visible(try self.setup.peer.vector()) {
                // A command that failed wrote nothing: say why rather than wait for the timeout.
                if run.hasExited() { try run.checkSucceeded(what) }
                guard (self.clock.now - started).seconds < 30 else { throw BenchError("\(what): not at B after 30 s") }
                Thread.sleep(forTimeInterval: 0.0002)
            }
            let seconds = (self.clock.now - started).seconds
            run.wait()
            try run.checkSucceeded(what)
            return seconds
        }

        private func launch(_ arguments: [String]) throws -> CommandRun {
            try CommandRun(self.setup.docket, arguments, environment: self.environment, errorPath: self.errorPath)
        }
    }
}
