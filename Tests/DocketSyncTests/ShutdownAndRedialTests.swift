import DocketTestSupport
import Foundation
import Testing

/// A stop that peers cannot hold up, and a branch that does not sit out its backoff when it has
/// something to send.
@Suite(.serialized) struct ShutdownAndRedialTests {
    /// Sends SIGTERM and measures until the process has exited. - Returns: seconds, and the exit status.
    static func timedStop(_ node: TestNode) -> (seconds: Double, status: Int32) {
        let started = Date()
        let status = node.stop(signal: SIGTERM)
        return (Date().timeIntervalSince(started), status)
    }

    @Test func aStopIsNotHeldUpByPeersThatAnswerTCPButNotTLS() throws {
        let cluster = try TestCluster()
        let ghost = try SilentSocket()
        let hq = try cluster.add("hq")
        // Dials a peer whose handshake never completes…
        hq.extraConfig = "[[peers]]\nid = \"ghost\"\naddress = \"127.0.0.1:\(ghost.port)\"\n"
        try hq.start()
        // …and is dialled by one that connects and never speaks.
        let caller = try SilentSocket(connectingTo: hq.port!)
        Thread.sleep(forTimeInterval: 1.5)
        let (seconds, status) = Self.timedStop(hq)
        print("stop with silent peers took \(String(format: "%.2f", seconds)) s")
        #expect(status == 0)
        // The promise is under 2 s; the bound here leaves room for a loaded test machine.
        #expect(seconds < 5, "\(hq.log)")
        _ = caller
    }

    @Test func aStopIsNotHeldUpByAPausedPeer() throws {
        let cluster = try TestCluster()
        let (hq, branches) = try cluster.startHeadquarters(branches: ["sh-pudong"])
        let branch = branches[0]
        try branch.cli.ok(["customer", "add", "--name", "孙丽"])
        #expect(try cluster.waitUntilConverged([hq, branch]), "\(cluster.logs)")
        kill(hq.pid!, SIGSTOP)
        defer { kill(hq.pid!, SIGCONT) }
        let (seconds, status) = Self.timedStop(branch)
        print("stop with a paused peer took \(String(format: "%.2f", seconds)) s")
        #expect(status == 0)
        #expect(seconds < 5, "\(branch.log)")
    }

    @Test func aBranchWithALocalWriteRedialsAtOnceInsteadOfSittingOutItsBackoff() throws {
        let cluster = try TestCluster()
        let hq = try cluster.add("hq")
        try hq.start()
        let link = try FaultyProxy(targetPort: hq.port!)
        defer { link.shutdown() }
        let branch = try cluster.add("sh-pudong")
        branch.peers = [("hq", link.port)]
        // Backoff steps far longer than the bound below: only a wake-up can explain a quick reconnect.
        branch.retry = (initial: "20s", maximum: "60s")
        try branch.start()
        try branch.cli.ok(["customer", "add", "--name", "周杰"])
        #expect(try cluster.waitUntilConverged([hq, branch]), "\(cluster.logs)")

        link.partition()
        Thread.sleep(forTimeInterval: 2)
        // Written during the outage: the early dial this causes fails, and the backoff grows.
        try branch.cli.ok(["customer", "add", "--name", "吴敏"])
        Thread.sleep(forTimeInterval: 2)
        link.heal()
        let healed = Date()
        try branch.cli.ok(["customer", "add", "--name", "郑爽"])
        let converged = try cluster.waitUntilConverged([hq, branch], timeout: 30)
        let seconds = Date().timeIntervalSince(healed)
        print("heal to converged: \(String(format: "%.2f", seconds)) s (retry_initial 20 s, retry_max 60 s)")
        #expect(converged, "\(cluster.logs)")
        #expect(seconds < 10, "\(branch.log)")
        #expect(branch.log.contains("dialling early: there is something to send"), "\(branch.log)")
    }
}
