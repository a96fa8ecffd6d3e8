import DocketTestSupport
import Foundation
import Testing

/// One daemon per replica, listeners that must be bound before the daemon says it started, and a replica
/// lost under a running daemon.
@Suite(.serialized) struct DaemonLifecycleTests {
    @Test func aSecondServeOnTheSameDataDirectoryRefusesNamingTheRunningOne() throws {
        let cluster = try TestCluster()
        let hq = try cluster.add("hq")
        try hq.start()
        try hq.cli.ok(["customer", "add", "--name", "王芳"])
        let before = try hq.digest()

        let second = try hq.cli.run(["serve"])
        #expect(second.status == 1)
        #expect(second.stderr.split(separator: "\n").count == 1, "\(second.stderr)")
        #expect(second.stderr.hasPrefix("error: serve: a daemon (pid \(hq.pid!)) is already serving"), "\(second.stderr)")
        #expect(hq.isRunning)
        #expect(try hq.digest() == before)

        // The lock goes with the process, even one killed outright: nothing stale is left behind.
        hq.stop(signal: SIGKILL)
        try hq.start()
        #expect(hq.isRunning)
    }

    @Test func aListenerThatCannotBeBoundStopsStartUpWithOneLineNamingTheSetting() throws {
        let temporary = try TemporaryDirectory()
        let office = temporary.office("sh-pudong", staff: "staff-1")
        try office.ok(["init", "--node", "sh-pudong"])
        try office.ok(["customer", "add", "--name", "赵磊"])
        let before = try office.ok(["digest"])
        let busy = try SilentSocket()
        let cases: [(listen: String, admin: String, expected: String)] = [
            ("127.0.0.1:\(busy.port)", "", "error: listen.address: cannot listen on 127.0.0.1:\(busy.port): the address is already in use"),
            ("192.0.2.1:7420", "", "error: listen.address: cannot listen on 192.0.2.1:7420: the address is not one of this machine's"),
            ("no-such-host.invalid:7420", "", "error: listen.address: cannot listen on no-such-host.invalid:7420: the host 'no-such-host.invalid' cannot be resolved"),
            ("127.0.0.1:0", "127.0.0.1:\(busy.port)", "error: admin.address: cannot listen on 127.0.0.1:\(busy.port): the address is already in use"),
        ]
        for (listen, admin, expected) in cases {
            let config = "[node]\nid = \"sh-pudong\"\n[listen]\naddress = \"\(listen)\"\n[admin]\naddress = \"\(admin)\"\n"
            try config.write(to: office.dataDirectory.appendingPathComponent("docket.toml"), atomically: true, encoding: .utf8)
            let outcome = try office.run(["serve"])
            #expect(outcome.status == 1, "\(listen) \(admin)")
            // Log lines may come first (development certificates created, say); the verdict is one line.
            let lines = outcome.stderr.split(separator: "\n").filter { $0.hasPrefix("error") }
            #expect(lines.count == 1 && lines.first.map { $0.hasPrefix(expected) } == true, "\(outcome.stderr)")
            #expect(!outcome.stderr.contains("docket serve started"), "\(outcome.stderr)")
        }
        #expect(try office.ok(["digest"]) == before)
    }

    @Test(arguments: ["deleted", "replaced"])
    func aReplicaLostUnderTheDaemonStopsItWithOneClearLine(how: String) throws {
        let cluster = try TestCluster()
        let hq = try cluster.add("hq")
        try hq.start()
        try hq.cli.ok(["customer", "add", "--name", "刘洋"])
        let replica = hq.directory.appendingPathComponent("replica.sqlite")
        let copy = cluster.root.url.appendingPathComponent("copy.sqlite")
        if how == "deleted" {
            try FileManager.default.removeItem(at: replica)
        } else {
            try hq.cli.ok(["backup", copy.path])
            #expect(rename(copy.path, replica.path) == 0)
        }
        let before = how == "replaced" ? try hq.digest() : ""
        let status = hq.waitForExit(timeout: 10)
        #expect(status != nil && status != 0, "exit \(String(describing: status))\n\(hq.log)")
        #expect(hq.log.contains("the replica \(replica.path) was \(how) while the daemon was running"), "\(hq.log)")
        #expect(hq.log.contains("error: replica: "), "\(hq.log)")
        if how == "replaced" {
            // Nothing was written to the file now at the path.
            #expect(try hq.digest() == before)
        }
    }
}
