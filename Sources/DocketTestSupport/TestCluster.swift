import DocketTLS
import Foundation

/// Several offices with certificates from one test CA, each a real `docket serve` on loopback.
public final class TestCluster: @unchecked Sendable {
    public let root: TemporaryDirectory
    public let authority: CertificateAuthority
    public private(set) var nodes: [String: TestNode] = [:]

    public init() throws {
        self.root = try TemporaryDirectory()
        let caDirectory = self.root.url.appendingPathComponent("ca").path
        self.authority = try CertificateAuthority.create(in: caDirectory, name: "Docket Test CA")
    }

    /// Adds a node (not yet started) with a certificate for `id`.
    @discardableResult
    public func add(_ id: String) throws -> TestNode {
        let node = try TestNode(id: id, root: self.root.url, authority: self.authority)
        self.nodes[id] = node
        return node
    }

    public subscript(id: String) -> TestNode { self.nodes[id]! }

    /// Starts headquarters `hq`, then each branch dialling it: the usual hub-and-spoke layout.
    public func startHeadquarters(branches: [String]) throws -> (hq: TestNode, branches: [TestNode]) {
        let hq = try self.add("hq")
        try hq.start()
        let started = try branches.map { id -> TestNode in
            let branch = try self.add(id)
            branch.peers = [("hq", hq.port!)]
            try branch.start()
            return branch
        }
        return (hq, started)
    }

    /// Starts `first`, then `second` dialling it, and lists `second` among `first`'s peers too, so that from
    /// `first`'s next start the two dial each other: a two-office mesh.
    public func startMesh(_ first: String, _ second: String) throws -> (TestNode, TestNode) {
        let a = try self.add(first)
        let b = try self.add(second)
        try a.start()
        b.peers = [(first, a.port!)]
        try b.start()
        a.peers = [(second, b.port!)]
        return (a, b)
    }

    /// Polls until every given node prints the same vector and digest. - Returns: whether they did in time.
    public func waitUntilConverged(_ nodes: [TestNode], timeout: TimeInterval = 30) throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let digests = try nodes.map { try $0.digest() }
            if Set(digests).count == 1 { return true }
            Thread.sleep(forTimeInterval: 0.2)
        }
        return false
    }

    /// Polls `condition` until it holds or the time is up.
    public func wait(timeout: TimeInterval = 20, until condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }

    /// Every node's log, for a failing test's message.
    public var logs: String {
        self.nodes.values.sorted { $0.id < $1.id }.map { "---- \($0.id)\n\($0.log)" }.joined(separator: "\n")
    }

    deinit {
        for node in self.nodes.values { node.stop(signal: SIGKILL) }
    }
}
