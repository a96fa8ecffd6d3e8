import Foundation

/// Runs the built `docket` executable the way a person or script would, and captures what it printed.
public struct DocketProcess: Sendable {
    public struct Outcome: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// The `docket` binary beside the test bundle (overridable with DOCKET_BINARY).
    public static var binary: URL {
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

    public let dataDirectory: URL
    public let staff: String
    /// More environment for every run, e.g. `DOCKET_TEST_SCHEMA` for an office on a newer schema.
    public var environment: [String: String] = [:]

    public init(dataDirectory: URL, staff: String, environment: [String: String] = [:]) {
        self.dataDirectory = dataDirectory
        self.staff = staff
        self.environment = environment
    }

    /// Runs `docket` with `arguments`, this office's data directory and staff id.
    @discardableResult
    public func run(_ arguments: [String], staff: String? = nil) throws -> Outcome {
        try Self.run(
            arguments,
            environment: self.environment.merging(
                ["DOCKET_DATA_DIR": self.dataDirectory.path, "DOCKET_STAFF": staff ?? self.staff]) { $1 }
        )
    }

    /// Runs `docket` and requires success, returning standard output.
    @discardableResult
    public func ok(_ arguments: [String], staff: String? = nil) throws -> String {
        let outcome = try self.run(arguments, staff: staff)
        guard outcome.status == 0 else {
            throw Failure("docket \(arguments.joined(separator: " ")) exited \(outcome.status): \(outcome.stderr)")
        }
        return outcome.stdout
    }

    /// Runs `docket … --json` and decodes its output.
    public func json(_ arguments: [String]) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(try self.ok(arguments + ["--json"]).utf8))
    }

    public static func run(_ arguments: [String], environment: [String: String], executable: URL? = nil) throws -> Outcome {
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

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }
}

/// A temporary directory removed when the test is done with it.
public final class TemporaryDirectory: Sendable {
    public let url: URL

    public init() throws {
        self.url = FileManager.default.temporaryDirectory.appendingPathComponent("docket-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: self.url, withIntermediateDirectories: true)
    }

    public func office(_ name: String, staff: String) -> DocketProcess {
        DocketProcess(dataDirectory: self.url.appendingPathComponent(name), staff: staff)
    }

    deinit {
        try? FileManager.default.removeItem(at: self.url)
    }
}
