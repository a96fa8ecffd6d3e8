import Foundation

/// Runs the built `docket` executable the way a person or script would, and captures what it printed.
struct DocketProcess {
    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The `docket` binary beside the test bundle (overridable with DOCKET_BINARY).
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["DOCKET_BINARY"] {
            return URL(fileURLWithPath: path)
        }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // On Linux the tests run from <build>/debug/DocketPackageTests.xctest.
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("docket").path),
            directory.path != "/"
        {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("docket")
    }

    let dataDirectory: URL
    let staff: String

    /// Runs `docket` with `arguments`, this office's data directory and staff id.
    @discardableResult
    func run(_ arguments: [String], staff: String? = nil) throws -> Outcome {
        try Self.run(
            arguments,
            environment: ["DOCKET_DATA_DIR": self.dataDirectory.path, "DOCKET_STAFF": staff ?? self.staff]
        )
    }

    /// Runs `docket` and requires success, returning standard output.
    @discardableResult
    func ok(_ arguments: [String], staff: String? = nil) throws -> String {
        let outcome = try self.run(arguments, staff: staff)
        guard outcome.status == 0 else {
            throw Failure("docket \(arguments.joined(separator: " ")) exited \(outcome.status): \(outcome.stderr)")
        }
        return outcome.stdout
    }

    /// Runs `docket … --json` and decodes its output.
    func json(_ arguments: [String]) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(try self.ok(arguments + ["--json"]).utf8))
    }

    static func run(_ arguments: [String], environment: [String: String], executable: URL? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = executable ?? Self.binary
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { $1 }
        merged["TZ"] = "Asia/Shanghai"
        process.environment = merged
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting so a large output cannot fill the pipe and block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self)
        )
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

/// A temporary directory removed when the test is done with it.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        self.url = FileManager.default.temporaryDirectory.appendingPathComponent("docket-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: self.url, withIntermediateDirectories: true)
    }

    func office(_ name: String, staff: String) -> DocketProcess {
        DocketProcess(dataDirectory: self.url.appendingPathComponent(name), staff: staff)
    }

    deinit {
        try? FileManager.default.removeItem(at: self.url)
    }
}
