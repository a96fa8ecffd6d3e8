import Foundation

/// The process's environment variables, read one at a time. `ProcessInfo.environment` copies every
/// variable into a dictionary on each call, which was about 2% of the instructions a `docket case set`
/// runs (`docs/benchmarks.md`, "Fifteenth round"); a command reads four or five. Here, below the
/// command line, because the store reads one too (`DocketSchema.running`).
package enum ProcessEnvironment {
    package static subscript(name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
