import DocketTestSupport
import Foundation
import Testing

/// The README's CLI walkthrough, run as a newcomer would paste it, ends where it says it does.
@Suite struct ReadmeWalkthroughTests {
    static let readme = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("README.md")

    /// The `sh` blocks of the section "Three minutes with the CLI", in order.
    static func walkthrough() throws -> [String] {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let start = try #require(text.range(of: "## Three minutes with the CLI"))
        let rest = text[start.upperBound...]
        let section = rest.range(of: "\n## ").map { rest[..<$0.lowerBound] } ?? rest
        return section.components(separatedBy: "```sh\n").dropFirst().compactMap {
            $0.components(separatedBy: "```").first
        }
    }

    @Test func theWalkthroughFollowedLiterallyEndsWithEqualDigests() throws {
        let temporary = try TemporaryDirectory()
        var script = try Self.walkthrough().joined(separator: "\n")
        #expect(script.contains("swift build && export PATH="))
        // The package is already built: the binary under test goes on PATH instead of building again.
        script = script.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("swift build") }.joined(separator: "\n")
        script = script.replacingOccurrences(of: "/tmp/", with: temporary.url.path + "/")
        let path = DocketProcess.binary.deletingLastPathComponent().path
        let outcome = try Self.bash(
            "set -euo pipefail\n" + script,
            environment: ["PATH": path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")])
        #expect(outcome.status == 0, "\(outcome.stderr)")

        // Its closing claim: the same vector and the same digest at both offices.
        let shanghai = DocketProcess(dataDirectory: temporary.url.appendingPathComponent("sh"), staff: "王磊")
        let beijing = DocketProcess(dataDirectory: temporary.url.appendingPathComponent("bj"), staff: "赵敏")
        let here = try shanghai.ok(["digest"])
        #expect(here == (try beijing.ok(["digest"])))
        #expect(outcome.stdout.hasSuffix(here + here), "the script's last two outputs are the two digests")
        #expect((try shanghai.json(["conflicts"]) as? [Any])?.isEmpty == true)
        let show = try #require(try beijing.json(["case", "show", "SH01-000001"]) as? [String: Any])
        let fields = try #require(show["fields"] as? [String: [String: Any]])
        #expect(fields["status"]?["value"] as? String == "resolved")
    }

    static func bash(_ script: String, environment: [String: String]) throws -> DocketProcess.Outcome {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("walkthrough-\(UUID().uuidString).sh")
        try script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try DocketProcess.run([file.path], environment: environment, executable: URL(fileURLWithPath: "/bin/bash"))
    }
}
