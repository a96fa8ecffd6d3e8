import DocketAdmin
import DocketCore
import DocketSync
import DocketTLS
import Logging
import NIOCore
import Testing

@testable import DocketCLI

/// Each section of the config file read into the type of the module it configures, and every refusal.
@Suite struct SettingsReadingTests {
    func read(_ text: String) throws -> Settings {
        var settings = Settings(dataDirectory: "/srv/docket")
        try settings.apply(configText: text, path: "docket.toml")
        return settings
    }

    func refusal(_ text: String) -> String? {
        do {
            _ = try self.read(text)
            return nil
        } catch {
            return (error as? InputError)?.description ?? "\(error)"
        }
    }

    @Test func noFileMeansEveryModuleDefault() throws {
        let settings = try self.read("")
        #expect(settings.sync == SyncOptions())
        #expect(settings.tls == TLSSection())
        #expect(settings.admin == AdminOptions())
        #expect(settings.serviceTargets == ServiceTargets())
        #expect(settings.logLevel == .info)
        #expect(settings.configPath == "docket.toml")
        #expect(settings.dataDirectory == "/srv/docket")
    }

    @Test func nodeAndWorkflow() throws {
        let settings = try self.read(
            "[node]\nid = \"sh-pudong\"\noffice = \"SH01\"\ndata_dir = \"/var/lib/docket\"\n[workflow]\nfollow_up_after = \"3d\"\n")
        #expect(settings.nodeID == (try NodeID("sh-pudong")))
        #expect(settings.officeCode == "SH01")
        #expect(settings.dataDirectory == "/var/lib/docket")
        #expect(settings.followUpAfter == 3 * 86400)
    }

    @Test func serviceTargetsOverrideOnlyWhatTheyName() throws {
        let settings = try self.read("[service_targets.L2]\nrespond = \"15m\"\n")
        var expected = ServiceTargets()
        expected[.l2].respondSeconds = 900
        #expect(settings.serviceTargets == expected)
    }

    @Test func listenPeersAndSyncFillTheSyncOptions() throws {
        let settings = try self.read(
            """
            [listen]
            address = "[::]:7430"
            [[peers]]
            id = "hq"
            address = "hq.example.internal:7420"
            [sync]
            max_frame_bytes = 65536
            batch_operations = 10
            window = 2
            heartbeat = "2s"
            idle_timeout = "1m"
            retry_initial = "2s"
            retry_max = "60s"
            """)
        var expected = SyncOptions()
        expected.listenHost = "::"
        expected.listenPort = 7430
        expected.peers = [SyncConfiguration.Peer(node: try NodeID("hq"), host: "hq.example.internal", port: 7420)]
        expected.maximumFrameBytes = 65536
        expected.batchOperations = 10
        expected.window = 2
        expected.heartbeatSeconds = 2
        expected.idleTimeoutSeconds = 60
        expected.retryInitialSeconds = 2
        expected.retryMaximumSeconds = 60
        #expect(settings.sync == expected)
    }

    @Test func anEmptyListenAddressOnlyDialsOut() throws {
        #expect(try self.read("[listen]\naddress = \"\"\n").sync.listenHost == nil)
    }

    @Test func timersBelowTheirMinimumAreRaisedToIt() throws {
        let sync = try self.read(
            "[sync]\nheartbeat = \"0s\"\nidle_timeout = \"0s\"\nretry_initial = \"0s\"\nretry_max = \"0s\"\n").sync
        #expect([sync.heartbeatSeconds, sync.idleTimeoutSeconds, sync.retryInitialSeconds, sync.retryMaximumSeconds] == [1, 2, 1, 1])
    }

    @Test func tlsFilesAndOptions() throws {
        let fingerprint = String(repeating: "AB:", count: 31) + "AB"
        let settings = try self.read(
            """
            [tls]
            ca = "/etc/docket/tls/ca.crt"
            certificate = "/etc/docket/tls/hq.crt"
            key = "/etc/docket/tls/hq.key"
            revoked = ["\(fingerprint)"]
            handshake_timeout = "15s"
            """)
        #expect(settings.tls.files == .init(ca: "/etc/docket/tls/ca.crt", certificate: "/etc/docket/tls/hq.crt", key: "/etc/docket/tls/hq.key"))
        #expect(settings.tls.options.revokedFingerprints == [fingerprint])
        #expect(settings.tls.options.handshakeTimeout == .seconds(15))
        let configuration = try #require(settings.tlsConfiguration(node: "hq"))
        #expect(configuration.certificatePath == "/etc/docket/tls/hq.crt")
        #expect(configuration.options == settings.tls.options)
    }

    @Test func adminAndLog() throws {
        let settings = try self.read("[admin]\naddress = \"[::1]:0\"\n[log]\nlevel = \"debug\"\n")
        #expect(settings.admin.host == "::1")
        #expect(settings.admin.port == 0)
        #expect(settings.logLevel == .debug)
        #expect(try self.read("[admin]\naddress = \"\"\n").admin.host == nil)
    }

    @Test(arguments: [
        // The file itself.
        ("[node\n", "config: docket.toml line 1: expected ']'"),
        ("[nodes]\n", "nodes: is not a known setting"),
        ("level = \"info\"\n", "level: is not a known setting"),
        // [node], [service_targets], [workflow].
        ("[node]\nidd = \"a\"\n", "node.idd: is not a known setting"),
        ("[node]\nid = 7\n", "node.id: must be a string, not an integer"),
        ("[service_targets.L1]\nrespond = \"soon\"\n", "service_targets.L1.respond: 'soon' is not a duration such as 90s, 30m, 24h or 3d"),
        ("[service_targets.L1]\nrespond = 30\n", "service_targets.L1.respond: must be a string, not an integer"),
        ("[service_targets.L5]\nrespond = \"1h\"\n", "service_targets.L5: is not a known setting"),
        ("[workflow]\nfollow_up_after = \"tomorrow\"\n", "workflow.follow_up_after: 'tomorrow' is not a duration such as 90s, 30m, 24h or 3d"),
        // [listen] and [[peers]].
        ("[listen]\nadress = \"0.0.0.0:7420\"\n", "listen.adress: is not a known setting"),
        ("[listen]\naddress = \"0.0.0.0\"\n", "listen.address: '0.0.0.0' is not host:port"),
        ("[listen]\naddress = \"0.0.0.0:70000\"\n", "listen.address: '0.0.0.0:70000' is not host:port"),
        ("[listen]\naddress = \":7420\"\n", "listen.address: ':7420' has no host"),
        ("listen = \"0.0.0.0:7420\"\n", "listen: must be a table, not a string"),
        ("[peers]\nid = \"hq\"\n", "peers: must be an array of tables, not a table"),
        ("[[peers]]\naddress = \"hq:7420\"\n", "peers[0].id: is required"),
        ("[[peers]]\nid = \"hq\"\n", "peers[0].address: is required"),
        ("[[peers]]\nid = \"hq\"\naddress = \"hq.example\"\n", "peers[0].address: 'hq.example' is not host:port"),
        ("[[peers]]\nid = \"HQ\"\naddress = \"hq:7420\"\n", "peers[0].id: 'HQ' is not a node id"),
        ("[[peers]]\nid = \"hq\"\naddress = \"hq:7420\"\n[[peers]]\nid = \"hq\"\naddress = \"hq2:7420\"\n", "peers[1].id: hq is listed twice"),
        ("[[peers]]\nid = \"hq\"\naddress = \"hq:7420\"\nport = 7420\n", "peers[0].port: is not a known setting"),
        // [tls].
        ("[tls]\nca = \"/etc/docket/ca.crt\"\n", "tls: give all of ca, certificate and key, or none for development certificates"),
        ("[tls]\nrevoked = [\"abc\"]\n", "tls.revoked: 'abc' is not a SHA-256 fingerprint (64 hex digits)"),
        ("[tls]\nrevoked = \"abc\"\n", "tls.revoked: must be an array of strings, not a string"),
        ("[tls]\nhandshake_timeout = \"10\"\n", "tls.handshake_timeout: '10' is not a duration such as 90s, 30m, 24h or 3d"),
        ("[tls]\ncrl = \"x\"\n", "tls.crl: is not a known setting"),
        // [sync].
        ("[sync]\nmax_frame_bytes = 1024\n", "sync.max_frame_bytes: must be between 65536 and 268435456"),
        ("[sync]\nmax_frame_bytes = 268435457\n", "sync.max_frame_bytes: must be between 65536 and 268435456"),
        ("[sync]\nbatch_operations = 0\n", "sync.batch_operations: must be between 1 and 10000"),
        ("[sync]\nbatch_operations = 10001\n", "sync.batch_operations: must be between 1 and 10000"),
        ("[sync]\nwindow = 0\n", "sync.window: must be between 1 and 64"),
        ("[sync]\nwindow = 65\n", "sync.window: must be between 1 and 64"),
        ("[sync]\nwindow = \"4\"\n", "sync.window: must be an integer, not a string"),
        ("[sync]\nheartbeat = \"9s\"\nidle_timeout = \"5s\"\n", "sync.idle_timeout: must be longer than sync.heartbeat"),
        ("[sync]\nheartbeat = \"20s\"\n", "sync.idle_timeout: must be longer than sync.heartbeat"),
        ("[sync]\nretry_initial = \"1.5s\"\n", "sync.retry_initial: '1.5s' is not a duration such as 90s, 30m, 24h or 3d"),
        ("[sync]\nwindows = 4\n", "sync.windows: is not a known setting"),
        // [admin] and [log].
        ("[admin]\naddress = \"0.0.0.0:7421\"\n", "admin.address: '0.0.0.0:7421' is not a loopback address; the admin endpoint stays on this machine"),
        ("[admin]\naddress = \"7421\"\n", "admin.address: '7421' is not host:port"),
        ("[log]\nlevel = \"verbose\"\n", "log.level: 'verbose' is not one of trace, debug, info, notice, warning, error, critical"),
        ("[log]\nlevel = \"INFO\"\n", "log.level: 'INFO' is not one of trace, debug, info, notice, warning, error, critical"),
        ("[log]\nfile = \"/var/log/docket\"\n", "log.file: is not a known setting"),
    ])
    func isRefusedNamingTheKey(text: String, expected: String) {
        #expect(self.refusal(text) == expected)
    }
}
