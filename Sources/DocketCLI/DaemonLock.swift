import DocketCore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The claim of one `docket serve` on a data directory: an exclusive `flock` on `serve.lock`, which holds
/// the daemon's pid.
///
/// The kernel drops the lock when the process ends, however it ends, so a crash leaves nothing stale to
/// clean up; the pid in the file is only there to name the daemon that holds it.
final class DaemonLock: Sendable {
    let path: String
    private let descriptor: Int32

    /// Takes the lock for this process.
    /// - Throws: `InputError` naming the running daemon's pid when another process holds it.
    init(dataDirectory: String) throws {
        let path = (dataDirectory as NSString).appendingPathComponent("serve.lock")
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw InputError(field: "serve", "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = Self.readPid(descriptor)
            close(descriptor)
            let who = holder.map { "pid \($0)" } ?? "another process"
            throw InputError(
                field: "serve", "a daemon (\(who)) is already serving \(dataDirectory); one daemon per replica")
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(descriptor, 0)
        _ = pid.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        self.path = path
        self.descriptor = descriptor
    }

    private static func readPid(_ descriptor: Int32) -> Int32? {
        var bytes = [UInt8](repeating: 0, count: 32)
        let count = pread(descriptor, &bytes, bytes.count, 0)
        guard count > 0 else { return nil }
        return Int32(String(decoding: bytes[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    deinit {
        close(self.descriptor)
    }
}
