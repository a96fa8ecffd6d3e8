import DocketTLS
import Foundation

/// A real `docket serve` process on 127.0.0.1 with its own data directory, certificate and log.
public final class TestNode: @unchecked Sendable {
    public let id: String
    public let directory: URL
    /// The daemon's admin socket, for `/status` and `/metrics`.
    public var adminSocket: String { self.directory.appendingPathComponent("admin.sock").path }

    /// The same office from the CLI's side.
    public private(set) var cli: DocketProcess
    /// More environment for the daemon and the CLI, from the next start and run on: e.g.
    /// `["DOCKET_TEST_SCHEMA": "2"]` makes the office a newer Docket.
    public var environment: [String: String] = [:] {
        didSet { self.cli.environment = self.environment }
    }
    private let certificates: NodeCertificate
    private var process: Process?
    /// The port the node listens on, once started.
    public private(set) var port: Int?
    public var peers: [(id: String, port: Int)] = []
    /// Extra TOML appended to the generated config (e.g. `[[peers]]` through a proxy).
    public var extraConfig = ""
    /// `[tls] revoked`: certificate fingerprints this node refuses, for connections and signatures alike.
    public var revoked: [String] = []
    /// `[sync] retry_initial` and `retry_max`: short by default, so tests reconnect quickly.
    public var retry = (initial: "1s", maximum: "2s")

    init(id: String, root: URL, authority: CertificateAuthority) throws {
        self.id = id
        self.directory = root.appendingPathComponent(id)
        self.cli = DocketProcess(dataDirectory: self.directory, staff: "staff-\(id)")
        let tls = self.directory.appendingPathComponent("tls").path
        self.certificates = try authority.issueNodeCertificate(nodeID: id, in: tls)
    }

    public var logURL: URL { self.directory.appendingPathComponent("serve.log") }

    public var log: String { (try? String(contentsOf: self.logURL, encoding: .utf8)) ?? "" }

    public var isRunning: Bool { self.process?.isRunning ?? false }

    /// The running daemon's process id.
    public var pid: Int32? { self.process?.processIdentifier }

    /// Writes the config and starts `docket serve`; waits until it listens.
    /// - Parameter port: the port to listen on; the first start picks a free one, later starts keep it.
    public func start(port: Int? = nil) throws {
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
        let listenPort = port ?? self.port ?? 0
        var config = """
            [node]
            id = "\(self.id)"
            [listen]
            address = "127.0.0.1:\(listenPort)"
            [tls]
            ca = "\(self.certificates.caCertificatePath)"
            certificate = "\(self.certificates.certificatePath)"
            key = "\(self.certificates.privateKeyPath)"
            revoked = [\(self.revoked.map { "\"\($0)\"" }.joined(separator: ", "))]
            [sync]
            heartbeat = "1s"
            idle_timeout = "4s"
            retry_initial = "\(self.retry.initial)"
            retry_max = "\(self.retry.maximum)"
            [admin]
            address = "127.0.0.1:0"
            [log]
            level = "debug"

            """
        for peer in self.peers {
            config += "[[peers]]\nid = \"\(peer.id)\"\naddress = \"127.0.0.1:\(peer.port)\"\n"
        }
        config += self.extraConfig
        try config.write(to: self.directory.appendingPathComponent("docket.toml"), atomically: true, encoding: .utf8)
        let portFile = self.directory.appendingPathComponent("listen-port")
        try? FileManager.default.removeItem(at: portFile)

        if !FileManager.default.fileExists(atPath: self.logURL.path) {
            _ = FileManager.default.createFile(atPath: self.logURL.path, contents: nil)
        }
        let log = try FileHandle(forWritingTo: self.logURL)
        log.seekToEndOfFile()
        let process = Process()
        process.executableURL = DocketProcess.binary
        process.arguments = ["serve"]
        process.environment = ProcessInfo.processInfo.environment.merging(self.environment) { $1 }.merging(
            ["DOCKET_DATA_DIR": self.directory.path, "DOCKET_STAFF": self.cli.staff]) { $1 }
        process.standardOutput = log
        process.standardError = log
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let text = try? String(contentsOf: portFile, encoding: .utf8),
                let bound = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                self.port = bound
                return
            }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw DocketProcess.Failure("\(self.id) did not start listening:\n\(self.log)")
    }

    /// Sends `signal` and waits for the process to exit. - Returns: its exit status.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM) -> Int32 {
        guard let process = self.process else { return 0 }
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        self.process = nil
        return process.terminationStatus
    }

    /// Waits for the daemon to exit on its own. - Returns: its exit status, or nil if it still runs.
    public func waitForExit(timeout: TimeInterval) -> Int32? {
        guard let process = self.process else { return nil }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        guard !process.isRunning else { return nil }
        self.process = nil
        return process.terminationStatus
    }

    /// The `docket digest` output: version vector and state digest.
    public func digest() throws -> String {
        try self.cli.ok(["digest"])
    }

    deinit {
        if let process = self.process, process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
