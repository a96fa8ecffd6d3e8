import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One `docket` process started with `posix_spawn`, standard output discarded and standard error kept in a
/// file, so a figure is the command's own start-up and work rather than `Process` bookkeeping in the bench.
final class CommandRun {
    private let pid: pid_t
    private let errorPath: String
    private(set) var status: Int32?

    init(_ executable: URL, _ arguments: [String], environment: [String: String], errorPath: String) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable.path, &actions, nil, argv, envp)
        guard result == 0 else {
            throw BenchError("cannot start \(executable.path): \(String(cString: strerror(result)))")
        }
        self.pid = pid
        self.errorPath = errorPath
    }

    /// Whether the process has exited, reaping it the first time; never blocks.
    func hasExited() -> Bool {
        guard self.status == nil else { return true }
        var status: Int32 = 0
        guard waitpid(self.pid, &status, WNOHANG) == self.pid else { return false }
        self.status = status
        return true
    }

    /// Blocks until the process exits, and reaps it.
    func wait() {
        guard self.status == nil else { return }
        var status: Int32 = 0
        while waitpid(self.pid, &status, 0) == -1 && errno == EINTR {}
        self.status = status
    }

    /// Throws with what the command printed on standard error unless it exited with status 0.
    func checkSucceeded(_ what: String) throws {
        guard let status = self.status, status != 0 else { return }
        // A normal exit keeps its code in the second byte; otherwise the low bits name the signal.
        let how = status & 0x7f == 0 ? "exited \((status >> 8) & 0xff)" : "was killed by signal \(status & 0x7f)"
        let printed = (try? String(contentsOfFile: self.errorPath, encoding: .utf8)) ?? ""
        throw BenchError("\(what) \(how): \(printed)")
    }

    deinit {
        if self.status == nil {
            kill(self.pid, SIGKILL)
            var status: Int32 = 0
            waitpid(self.pid, &status, 0)
        }
    }
}
