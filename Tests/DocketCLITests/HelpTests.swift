import DocketTestSupport
import Foundation
import Testing

/// The help screens of `docket` and of each command group, compared with the snapshots in `Snapshots/`.
///
/// After a deliberate change to commands or help text, re-record them with
/// `DOCKET_RECORD_SNAPSHOTS=1 swift test --filter HelpTests` and review the diff.
@Suite struct HelpTests {
    /// The top level and every command that only groups subcommands.
    static let screens: [[String]] = [[], ["case"], ["customer"], ["conflicts"], ["certs"]]

    static let snapshotDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Snapshots")

    @Test(arguments: Self.screens)
    func helpScreenMatchesItsSnapshot(_ command: [String]) throws {
        // A fixed width, so wrapping does not depend on the terminal the tests run in.
        let outcome = try DocketProcess.run(command + ["--help"], environment: ["COLUMNS": "100"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.isEmpty)
        let snapshot = Self.snapshotDirectory.appendingPathComponent((["docket"] + command).joined(separator: "-") + ".txt")
        if ProcessInfo.processInfo.environment["DOCKET_RECORD_SNAPSHOTS"] == "1" {
            try outcome.stdout.write(to: snapshot, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: snapshot, encoding: .utf8)
        #expect(
            outcome.stdout == expected,
            "docket \(command.joined(separator: " ")) --help changed; if that was meant, re-record with DOCKET_RECORD_SNAPSHOTS=1")
    }
}
