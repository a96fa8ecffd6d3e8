import DocketTestSupport
import Foundation
import Testing

/// The shipped branch and headquarters configurations are accepted as they are: no key the reader refuses.
@Suite struct ConfigExamplesTests {
    static let configDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("config")

    @Test(arguments: [("branch.toml", "sh-pudong (office SH01)"), ("headquarters.toml", "hq (office HQ01)")])
    func theExampleIsAcceptedAndApplied(file: String, created: String) throws {
        let temporary = try TemporaryDirectory()
        let config = Self.configDirectory.appendingPathComponent(file).path
        let dataDirectory = temporary.url.appendingPathComponent("data").path
        // --data-dir wins over the file's /var/lib/docket, as DOCKET_DATA_DIR does under systemd.
        let outcome = try DocketProcess.run(
            ["init", "--config", config, "--data-dir", dataDirectory], environment: ["DOCKET_STAFF": "王磊"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains(created))
        #expect(outcome.stdout.contains(dataDirectory))
        // Another command reads every table of the file again, the daemon's included.
        let list = try DocketProcess.run(
            ["case", "list", "--config", config, "--data-dir", dataDirectory], environment: ["DOCKET_STAFF": "王磊"])
        #expect(list.status == 0, "\(list.stderr)")
    }
}
