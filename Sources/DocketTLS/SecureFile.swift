import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes certificate and key files so that a key is never readable by others, not even for an instant.
enum SecureFile {
    /// How an existing file at the destination is treated.
    enum Existing {
        /// Fail: used for CA files, which must never be replaced by accident.
        case refuse
        /// Replace atomically: used for node certificates, which rotation reissues.
        case replace
    }

    /// Writes `bytes` to `path` with `mode`.
    ///
    /// The file is created with `O_CREAT|O_EXCL` and its final mode in one step, so no other user can open
    /// it in between; with `.replace` it is written under a temporary name and renamed into place.
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t, existing: Existing) throws {
        let target = existing == .refuse ? path : Self.temporaryPath(for: path)
        let descriptor = open(target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw TLSError(.certificateIssuanceFailed, reason: "cannot create \(target): \(Self.lastError())")
        }
        var failure: String?
        // The umask may have removed bits; set exactly the mode asked for (never more than given to open).
        if fchmod(descriptor, mode) != 0 { failure = "fchmod: \(Self.lastError())" }
        var offset = 0
        while failure == nil, offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { posixWrite(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                failure = "write: \(Self.lastError())"
            } else {
                offset += written
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = "fsync: \(Self.lastError())" }
        close(descriptor)
        if failure == nil, existing == .replace, rename(target, path) != 0 { failure = "rename: \(Self.lastError())" }
        if let failure {
            unlink(target)
            throw TLSError(.certificateIssuanceFailed, reason: "cannot write \(path): \(failure)")
        }
    }

    /// Creates a directory (and parents) readable only by the owner, if it does not exist yet.
    static func makeDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(
                atPath: path,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw TLSError(.certificateIssuanceFailed, reason: "cannot create directory \(path): \(error)")
        }
    }

    private static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let name = ".\(url.lastPathComponent).\(UInt64.random(in: 0...UInt64.max)).tmp"
        return url.deletingLastPathComponent().appendingPathComponent(name).path
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}

/// The system `write(2)`, reachable under another name inside `SecureFile`, whose own `write` shadows it.
private func posixWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
