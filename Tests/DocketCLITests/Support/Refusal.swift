import DocketTestSupport
import Foundation
import Testing

extension DocketProcess {
    /// Runs `arguments` and expects a refusal: exit `status` (any non-zero one when nil), exactly one `error:`
    /// line that contains `words` (never ArgumentParser's "Missing value" nor a backtrace), and a replica that
    /// still opens with the same digest.
    func expectRefused(
        _ arguments: [String],
        saying words: String,
        status: Int32? = 1,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let before = try self.ok(["digest"])
        let outcome = try self.run(arguments)
        if let status {
            #expect(outcome.status == status, "exit status \(outcome.status): \(outcome.stderr)", sourceLocation: sourceLocation)
        } else {
            #expect(outcome.status != 0, "exit status \(outcome.status): \(outcome.stderr)", sourceLocation: sourceLocation)
        }
        let lines = outcome.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 1, "one line, got: \(outcome.stderr)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.hasPrefix("error: "), "\(outcome.stderr)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.contains(words), "says '\(words)': \(outcome.stderr)", sourceLocation: sourceLocation)
        #expect(!outcome.stderr.contains("Missing value"), sourceLocation: sourceLocation)
        #expect(try self.ok(["digest"]) == before, "replica unchanged", sourceLocation: sourceLocation)
    }
}
