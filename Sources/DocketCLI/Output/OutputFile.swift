import DocketCore
import Foundation

/// A file a command writes for the person running it (`export --out`, `backup PATH`, certificate files).
///
/// Every such write goes through here, so the same rules hold everywhere: `-` is standard output; the
/// replica, its WAL, shared-memory and lock files are never written, whatever path or link names them; an
/// existing file is replaced only with `--force`; and a file is written under a temporary name beside its
/// destination, synced, and renamed into place, so no reader ever sees half of it.
struct OutputFile {
    /// The path as typed.
    let path: String
    /// The option or argument that named it, for error messages.
    let field: String
    let force: Bool

    var isStandardOutput: Bool { self.path == "-" }

    /// The real path to write, after refusing anything that must not be written.
    ///
    /// Called before any work is done, so a refusal costs nothing and writes nothing.
    func destination(protecting protected: ProtectedFiles) throws -> String {
        guard !self.path.isEmpty else {
            throw InputError(field: self.field, "name a file to write, or - for standard output")
        }
        let resolved = try ResolvedPath.resolve(self.path, field: self.field)
        guard !protected.contains(resolved: resolved) else {
            throw InputError(field: self.field, "\(self.path) is the replica or one of its files; refusing to write over it")
        }
        var info = stat()
        if stat(resolved, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR {
                throw InputError(field: self.field, "\(self.path) is a directory; name a file")
            }
            // Renaming over a device or pipe would replace it, not write into it.
            guard (info.st_mode & S_IFMT) == S_IFREG else {
                throw InputError(field: self.field, "\(self.path) is not a regular file (use - for standard output)")
            }
            guard self.force else {
                throw InputError(field: self.field, "\(self.path) already exists; pass --force to replace it")
            }
        }
        let directory = (resolved as NSString).deletingLastPathComponent
        guard access(directory, W_OK) == 0 else {
            throw InputError(field: self.field, "cannot write \(self.path): \(Self.reason(errno, directory: directory))")
        }
        return resolved
    }

    /// Writes `data` to standard output, or atomically to the file.
    func write(_ data: Data, protecting protected: ProtectedFiles) throws {
        if self.isStandardOutput {
            try Self.writeAll(data, to: STDOUT_FILENO, field: self.field, path: "standard output")
            return
        }
        let target = try self.destination(protecting: protected)
        let temporary = Self.temporaryPath(beside: target)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw self.failure(errno) }
        do {
            try Self.writeAll(data, to: descriptor, field: self.field, path: self.path)
            guard fsync(descriptor) == 0 else { throw self.failure(errno) }
            close(descriptor)
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        try self.publish(temporary, to: target, protecting: protected)
    }

    /// A fresh name in the destination's directory, so the final rename stays on one file system.
    static func temporaryPath(beside target: String) -> String {
        let directory = (target as NSString).deletingLastPathComponent
        let name = ".\((target as NSString).lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).partial"
        return (directory as NSString).appendingPathComponent(name)
    }

    /// Moves a complete, synced temporary file into place and makes the new name durable.
    ///
    /// Without `--force` it links rather than renames, so a file that appeared meanwhile is kept, not replaced.
    func publish(_ temporary: String, to target: String, protecting protected: ProtectedFiles) throws {
        defer { unlink(temporary) }
        // Checked again at the last moment: the replica could have appeared since (a concurrent `init`).
        guard !protected.contains(resolved: target) else {
            throw InputError(field: self.field, "\(self.path) is the replica or one of its files; refusing to write over it")
        }
        if self.force {
            guard rename(temporary, target) == 0 else { throw self.failure(errno) }
        } else if link(temporary, target) != 0 {
            if errno == EEXIST {
                throw InputError(field: self.field, "\(self.path) already exists; pass --force to replace it")
            }
            // File systems without hard links: check, then rename.
            guard !FileManager.default.fileExists(atPath: target) else {
                throw InputError(field: self.field, "\(self.path) already exists; pass --force to replace it")
            }
            guard rename(temporary, target) == 0 else { throw self.failure(errno) }
        }
        Self.syncDirectory((target as NSString).deletingLastPathComponent)
    }

    /// Makes a rename durable, so a power cut right after the command cannot lose the file's name.
    static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// The error for a failed system call while writing this file.
    func failure(_ code: Int32) -> InputError {
        InputError(field: self.field, "cannot write \(self.path): \(Self.reason(code, directory: nil))")
    }

    /// What went wrong, in words a person acts on.
    static func reason(_ code: Int32, directory: String?) -> String {
        let place = directory.map { "directory \($0) " } ?? ""
        switch code {
        case ENOSPC, EDQUOT: return "the disk is full"
        case EROFS: return "\(place.isEmpty ? "the file system" : place.trimmingWhitespace()) is read-only"
        case EACCES, EPERM: return "\(place.isEmpty ? "" : place)permission denied"
        default: return "\(place)\(String(cString: strerror(code)))"
        }
    }

    /// Writes every byte, retrying after interruptions and partial writes.
    static func writeAll(_ data: Data, to descriptor: Int32, field: String, path: String) throws {
        try data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = posixWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw InputError(field: field, "cannot write \(path): \(Self.reason(errno, directory: nil))")
                }
                offset += written
            }
        }
    }
}

/// The system `write(2)`, under another name because `OutputFile.write` shadows it.
private func posixWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
