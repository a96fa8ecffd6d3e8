import DocketTestSupport
import Foundation
import Testing

@Suite struct CertsCommandTests {
    @Test func caAndIssueWriteKeysOnlyTheOwnerCanReadAndRefuseToClobberACA() throws {
        let temporary = try TemporaryDirectory()
        let office = temporary.office("sh", staff: "王磊")
        let ca = temporary.url.appendingPathComponent("ca").path
        let out = temporary.url.appendingPathComponent("sh-tls").path
        try office.ok(["certs", "ca", "--out", ca, "--name", "某公司 Docket CA"])
        try office.ok(["certs", "issue", "sh-pudong", "--ca-dir", ca, "--out", out, "--days", "30"])
        for key in ["\(ca)/ca.key", "\(out)/sh-pudong.key"] {
            let mode = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(key) mode \(String(mode ?? 0, radix: 8))")
        }
        let shown = try #require(try office.json(["certs", "show", "\(out)/sh-pudong.crt"]) as? [String: String])
        #expect(shown["node"] == "sh-pudong")
        #expect(shown["sha256"]?.count == 64)

        let again = try office.run(["certs", "ca", "--out", ca])
        #expect(again.status == 1 && again.stderr.hasPrefix("error: ") && again.stderr.contains("already exists"))
        let bad = try office.run(["certs", "issue", "SH Pudong", "--ca-dir", ca, "--out", out])
        #expect(bad.status == 1 && bad.stderr.contains("node_id"))
        let noCA = try office.run(["certs", "issue", "bj-chaoyang", "--ca-dir", out + "-missing", "--out", out])
        #expect(noCA.status == 1 && noCA.stderr.contains("ca-dir"))
    }
}

@Suite struct ServeConfigTests {
    /// A bad setting stops `docket serve` before it starts, naming the key.
    @Test(arguments: [
        ("[sync]\nwindow = 0\n", "sync.window"),
        ("[sync]\nheartbeat = \"9s\"\nidle_timeout = \"5s\"\n", "sync.idle_timeout"),
        ("[listen]\nadress = \"0.0.0.0:7420\"\n", "listen.adress"),
        ("[[peers]]\nid = \"hq\"\naddress = \"hq.example\"\n", "peers[0].address"),
        ("[tls]\nca = \"/etc/docket/ca.crt\"\n", "tls"),
        ("[tls]\nrevoked = [\"abc\"]\n", "tls.revoked"),
        ("[admin]\naddress = \"0.0.0.0:7421\"\n", "admin.address"),
    ])
    func badSettingsStopStartUpNamingTheKey(config: String, key: String) throws {
        let temporary = try TemporaryDirectory()
        let file = temporary.url.appendingPathComponent("docket.toml")
        try ("[node]\nid = \"sh-pudong\"\n" + config).write(to: file, atomically: true, encoding: .utf8)
        let outcome = try DocketProcess.run(
            ["serve", "--config", file.path], environment: ["DOCKET_DATA_DIR": temporary.url.appendingPathComponent("data").path])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("error: \(key)"), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: temporary.url.appendingPathComponent("data/replica.sqlite").path))
    }
}
