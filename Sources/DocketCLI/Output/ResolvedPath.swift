import DocketCore
import Foundation

/// The one real path a file name stands for, also for a file that does not exist yet.
enum ResolvedPath {
    /// `realpath(3)` of an existing path; nil when it does not exist.
    static func real(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// The real path that writing `path` would reach: its directory resolved with `realpath`, and a symbolic
    /// link in the last component followed, even a dangling one, so that `..`, `//`, relative paths and links
    /// all come out as the same string.
    ///
    /// - Throws: `InputError` on `field` when the directory is missing or the path names a directory.
    static func resolve(_ path: String, field: String) throws -> String {
        var current = path
        // The same bound as the kernel's own (ELOOP after 40 links).
        for _ in 0..<40 {
            let (parent, name) = Self.split(current)
            guard !name.isEmpty, name != ".", name != ".." else {
                throw InputError(field: field, "\(path) is a directory; name a file")
            }
            guard let directory = Self.real(parent), Self.isDirectory(directory) else {
                throw InputError(field: field, "cannot write \(path): directory \(parent) does not exist")
            }
            let candidate = directory == "/" ? "/\(name)" : "\(directory)/\(name)"
            guard let target = Self.linkTarget(candidate) else { return candidate }
            current = target.hasPrefix("/") ? target : "\(directory)/\(target)"
        }
        throw InputError(field: field, "cannot write \(path): too many symbolic links")
    }

    /// The directory part (`.` when there is none) and the last component.
    private static func split(_ path: String) -> (String, String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let parent = String(path[..<slash])
        return (parent.isEmpty ? "/" : parent, String(path[path.index(after: slash)...]))
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// What the symbolic link at `path` points to, or nil when `path` is not a link.
    private static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
