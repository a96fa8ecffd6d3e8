import Foundation

/// The `openssl` command-line tool run as a child process, with stdout in a file and a hard deadline.
final class OpenSSLProcess {
    let process = Process()
    let stdoutPath: String
    let stderrPath: String

    /// Held open for processes that treat end of input as "quit" (s_server does).
    private var openStdin: Pipe?

    init(_ arguments: [String], stdinPath: String? = nil, keepStdinOpen: Bool = false, workDirectory: String) throws {
        let id = UUID().uuidString
        self.stdoutPath = "\(workDirectory)/openssl-\(id).out"
        self.stderrPath = "\(workDirectory)/openssl-\(id).err"
        _ = FileManager.default.createFile(atPath: self.stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: self.stderrPath, contents: nil)
        self.process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        self.process.arguments = arguments
        self.process.standardOutput = FileHandle(forWritingAtPath: self.stdoutPath)
        self.process.standardError = FileHandle(forWritingAtPath: self.stderrPath)
        if let stdinPath {
            self.process.standardInput = FileHandle(forReadingAtPath: stdinPath)
        } else if keepStdinOpen {
            let pipe = Pipe()
            self.openStdin = pipe
            self.process.standardInput = pipe
        } else {
            self.process.standardInput = FileHandle.nullDevice
        }
        try self.process.run()
    }

    deinit {
        self.stop()
    }

    var stdout: [UInt8] {
        (try? [UInt8](Data(contentsOf: URL(fileURLWithPath: self.stdoutPath)))) ?? []
    }

    var stderr: String {
        (try? String(contentsOfFile: self.stderrPath, encoding: .utf8)) ?? ""
    }

    /// Waits until the process exits; kills it at the deadline. Returns the exit status, nil on timeout.
    func wait(timeout: Duration = .seconds(20)) async -> Int32? {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while self.process.isRunning {
            if ContinuousClock.now >= deadline {
                self.stop()
                return nil
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return self.process.terminationStatus
    }

    /// Waits until stdout contains `marker` and returns the stdout text.
    func waitForOutput(containing marker: String, timeout: Duration = .seconds(20)) async throws -> String {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            let text = String(decoding: self.stdout, as: UTF8.self)
            if text.contains(marker) { return text }
            if !self.process.isRunning { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw WaitTimedOut(what: "\"\(marker)\" from openssl (stderr: \(self.stderr))")
    }

    /// Kills the process and reaps it.
    ///
    /// SIGKILL, because children inherit the test runner's blocked signals and would ignore SIGTERM; and a
    /// polling wait, because `waitUntilExit` spins a run loop.
    func stop() {
        guard self.process.isRunning else { return }
        kill(self.process.processIdentifier, SIGKILL)
        for _ in 0..<500 where self.process.isRunning {
            usleep(10_000)
        }
    }
}

/// Runs `openssl` to completion (for short commands such as `x509` and `verify`).
func runOpenSSL(_ arguments: [String], in directory: String) async throws -> (status: Int32?, output: String) {
    let process = try OpenSSLProcess(arguments, workDirectory: directory)
    let status = await process.wait(timeout: .seconds(30))
    return (status, String(decoding: process.stdout, as: UTF8.self) + process.stderr)
}
