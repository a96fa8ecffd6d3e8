import DocketTLS
import Foundation

/// What the two daemon benchmarks, `sync` and `fanin`, take and set up alike: the `docket` executable to
/// run, and a work directory with a throwaway CA that is removed afterwards unless kept.
struct DaemonRun {
    /// Next to docket-bench in the same build directory: `.build/release/docket` for a release run.
    var docket = BenchMain.besideThisProgram("docket")
    var keep = false

    /// Reads `--docket PATH` or `--keep`; false for any other flag.
    mutating func read(_ flag: String, from arguments: inout ArraySlice<String>, usage: String) -> Bool {
        switch flag {
        case "--docket":
            guard let path = arguments.popFirst() else { BenchMain.usageError(usage) }
            self.docket = URL(fileURLWithPath: path)
        case "--keep":
            self.keep = true
        default:
            return false
        }
        return true
    }

    /// A new work directory for `benchmark` and a CA in it: the daemons authenticate each other exactly as
    /// offices do. `finish` removes it.
    func makeWorkDirectory(for benchmark: String) throws -> (root: URL, authority: CertificateAuthority) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "docket-bench-\(benchmark)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        do {
            let authority = try CertificateAuthority.create(
                in: root.appendingPathComponent("ca").path, name: "Docket Bench CA")
            return (root, authority)
        } catch {
            self.finish(root)
            throw error
        }
    }

    /// Removes the work directory, or says where it was kept.
    func finish(_ root: URL) {
        if self.keep {
            SyncBenchmark.progress("work directory kept: \(root.path)")
        } else {
            try? FileManager.default.removeItem(at: root)
        }
    }
}

extension BenchMain {
    /// A comma-separated list of integers of at least `minimum`, ascending; nil when `text` is not one.
    static func ascendingIntegers(_ text: String?, minimum: Int) -> [Int]? {
        let values = (text ?? "").split(separator: ",").compactMap { Int($0) }
        guard !values.isEmpty, values.allSatisfy({ $0 >= minimum }), values == values.sorted() else { return nil }
        return values
    }
}
