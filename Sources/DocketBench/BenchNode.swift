import DocketTLS
import Foundation

/// One `docket serve` process on 127.0.0.1, configured the way an office would be, with its own data
/// directory, certificate and log file.
///
/// Unlike the test fixture it keeps the production timers and log level, so the figures are those of a
/// daemon as deployed, and it exposes the process id to read its peak memory.
final class BenchNode {
    let id: String
    let directory: URL
    private let binary: URL
    let certificate: NodeCertificate
    private var process: Process?
    /// The listening port once started; `nil` for a node that only dials.
    private(set) var port: Int?
    /// The peer this node dials, if any.
    var peer: (id: String, port: Int)?
    /// Whether the node accepts connections (the source) or only dials (the catching-up peer).
    let listens: Bool
    /// Where this start's log output begins, so markers from earlier starts are not mistaken for new ones.
    private var logOffset: UInt64 = 0
    /// The highest peak resident set seen across this node's processes, in KiB.
    private(set) var peakMemoryKiB = 0

    init(id: String, root: URL, authority: CertificateAuthority, binary: URL, listens: Bool) throws {
        self.id = id
        self.directory = root.appendingPathComponent(id)
        self.binary = binary
        self.listens = listens
        self.certificate = try authority.issueNodeCertificate(
            nodeID: id, in: root.appendingPathComponent("tls-\(id)").path)
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
    }

    var replicaPath: String { self.directory.appendingPathComponent("replica.sqlite").path }
    private var logURL: URL { self.directory.appendingPathComponent("serve.log") }
    private var portFile: URL { self.directory.appendingPathComponent("listen-port") }

    /// Writes the config and launches `docket serve`; returns at once (callers time from here).
    func launch() throws {
        let listen = self.listens ? "127.0.0.1:\(self.port ?? 0)" : ""
        var config = """
            [node]
            id = "\(self.id)"
            [listen]
            address = "\(listen)"
            [tls]
            ca = "\(self.certificate.caCertificatePath)"
            certificate = "\(self.certificate.certificatePath)"
            key = "\(self.certificate.privateKeyPath)"
            [admin]
            # Two daemons on one machine: each takes a free admin port (the default one would clash, and a
            # daemon that cannot bind a configured listener refuses to start).
            address = "127.0.0.1:0"
            [log]
            level = "info"

            """
        if let peer = self.peer {
            config += "[[peers]]\nid = \"\(peer.id)\"\naddress = \"127.0.0.1:\(peer.port)\"\n"
        }
        try config.write(to: self.directory.appendingPathComponent("docket.toml"), atomically: true, encoding: .utf8)
        try? FileManager.default.removeItem(at: self.portFile)
        if !FileManager.default.fileExists(atPath: self.logURL.path) {
            _ = FileManager.default.createFile(atPath: self.logURL.path, contents: nil)
        }
        let log = try FileHandle(forWritingTo: self.logURL)
        self.logOffset = log.seekToEndOfFile()
        let process = Process()
        process.executableURL = self.binary
        process.arguments = ["serve"]
        var environment = ProcessInfo.processInfo.environment
        environment["DOCKET_DATA_DIR"] = self.directory.path
        environment["DOCKET_STAFF"] = "bench"
        process.environment = environment
        process.standardOutput = log
        process.standardError = log
        try process.run()
        try log.close()
        self.process = process
    }

    /// Launches and waits until the listener is bound (listening nodes only).
    func start() throws {
        try self.launch()
        guard self.listens else { return }
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let text = try? String(contentsOf: self.portFile, encoding: .utf8),
                let bound = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                self.port = bound
                return
            }
            guard self.process?.isRunning == true else { break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        throw BenchError("\(self.id) did not start listening:\n\(self.logSinceLaunch())")
    }

    /// Stops the daemon gracefully (SIGTERM), recording its peak memory first.
    func stop() {
        guard let process = self.process else { return }
        self.recordPeakMemory()
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        process.waitUntilExit()
        self.process = nil
    }

    /// Reads the running process's peak into `peakMemoryKiB`, which keeps the highest of all starts.
    func recordPeakMemory() {
        self.peakMemoryKiB = max(self.peakMemoryKiB, self.peakMemoryKiBOfCurrentProcess())
    }

    /// `VmHWM` (the peak resident set) of the running process, in KiB; 0 when not running.
    func peakMemoryKiBOfCurrentProcess() -> Int {
        guard let pid = self.process?.processIdentifier,
            let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return 0 }
        return kib
    }

    /// Whether this start's log contains `marker`.
    func logContains(_ marker: String) -> Bool {
        self.logSinceLaunch().contains(marker)
    }

    func logSinceLaunch() -> String {
        guard let handle = try? FileHandle(forReadingFrom: self.logURL) else { return "" }
        defer { try? handle.close() }
        try? handle.seek(toOffset: self.logOffset)
        return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
    }

    var isRunning: Bool { self.process?.isRunning ?? false }

    deinit {
        if let process = self.process, process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

extension BenchNode {
    /// CPU time (user + system) the running process has used so far, in seconds; 0 when not running.
    func cpuSeconds() -> Double {
        guard let pid = self.process?.processIdentifier,
            let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let afterName = stat.range(of: ") ")
        else { return 0 }
        // Fields after the command name: state is field 3, utime and stime are fields 14 and 15.
        let fields = stat[afterName.upperBound...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Deletes the replica so the next start begins empty, as a new office would.
    func removeReplica() {
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: self.replicaPath + suffix)
        }
    }
}
