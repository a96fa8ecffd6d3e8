import DocketCore
import DocketStore
import DocketTLS
import Foundation

/// Three offices for the demo — `hq`, `sh-pudong`, `bj-chaoyang` — each a `docket serve` process with its
/// own data directory, config and certificate from one throwaway CA. Branches dial headquarters.
final class DemoOffices {
    struct Office {
        let id: String
        let code: String
        let directory: String
        var replicaPath: String { (self.directory as NSString).appendingPathComponent("replica.sqlite") }
    }

    let root: String
    let executable: String
    let offices: [Office]
    private var processes: [String: Process] = [:]
    private(set) var hqPort = 0

    init(root: String, executable: String) throws {
        self.root = root
        self.executable = executable
        self.offices = [("hq", "HQ"), ("sh-pudong", "SH01"), ("bj-chaoyang", "BJ01")].map {
            Office(id: $0.0, code: $0.1, directory: (root as NSString).appendingPathComponent($0.0))
        }
        let caDirectory = (root as NSString).appendingPathComponent("ca")
        let authority = try CertificateAuthority.create(in: caDirectory, name: "Docket Demo CA")
        for office in self.offices {
            try FileManager.default.createDirectory(atPath: office.directory, withIntermediateDirectories: true)
            try authority.issueNodeCertificate(nodeID: office.id, in: (office.directory as NSString).appendingPathComponent("tls"))
            _ = try Replica.create(at: office.replicaPath, node: try NodeID(office.id), officeCode: office.code, now: currentMillis())
        }
    }

    subscript(id: String) -> Office { self.offices.first { $0.id == id }! }

    var processIdentifiers: [Int32] { self.processes.values.filter(\.isRunning).map(\.processIdentifier) }

    /// Starts the office's daemon and waits until it listens (headquarters) or has started (branches).
    func start(_ id: String) throws {
        let office = self[id]
        let tls = (office.directory as NSString).appendingPathComponent("tls")
        var config = """
            # Written by 'docket demo'.
            [node]
            id = "\(office.id)"
            office = "\(office.code)"
            [tls]
            ca = "\(tls)/ca.crt"
            certificate = "\(tls)/\(office.id).crt"
            key = "\(tls)/\(office.id).key"
            [admin]
            address = ""
            [sync]
            heartbeat = "1s"
            idle_timeout = "5s"
            retry_initial = "1s"
            retry_max = "2s"

            """
        if id == "hq" {
            config += "[listen]\naddress = \"127.0.0.1:\(self.hqPort)\"\n"
        } else {
            config += "[listen]\naddress = \"\"\n[[peers]]\nid = \"hq\"\naddress = \"127.0.0.1:\(self.hqPort)\"\n"
        }
        try config.write(toFile: (office.directory as NSString).appendingPathComponent("docket.toml"), atomically: true, encoding: .utf8)
        let logPath = (office.directory as NSString).appendingPathComponent("serve.log")
        if !FileManager.default.fileExists(atPath: logPath) { _ = FileManager.default.createFile(atPath: logPath, contents: nil) }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        log.seekToEndOfFile()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: self.executable)
        process.arguments = ["serve"]
        process.environment = ProcessInfo.processInfo.environment.merging(["DOCKET_DATA_DIR": office.directory]) { $1 }
        process.standardOutput = log
        process.standardError = log
        try process.run()
        self.processes[id] = process
        guard id == "hq" else { return }
        let portFile = (office.directory as NSString).appendingPathComponent("listen-port")
        for _ in 0..<200 {
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8), let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                self.hqPort = port
                return
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw InputError(field: "demo", "headquarters did not start; see \(logPath)")
    }

    /// Stops the office's daemon gracefully (SIGTERM) and waits for it.
    func stop(_ id: String) {
        guard let process = self.processes.removeValue(forKey: id) else { return }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    func stopAll() {
        for id in self.processes.keys { self.stop(id) }
    }

    /// Waits until every office holds the same operations and state. - Returns: the common digest.
    func waitUntilConverged(_ ids: [String], timeout: TimeInterval = 30) throws -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let summaries = try ids.map { try Replica.open(at: self[$0].replicaPath).summary(withRecords: false) }
            if Set(summaries.map(\.digest)).count == 1 && Set(summaries.map(\.vector)).count == 1 {
                return summaries[0].digest
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return nil
    }
}
