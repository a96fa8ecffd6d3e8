import Foundation

/// The files in a data directory that no command may ever write over: the replica, its WAL, shared-memory
/// and journal files, the daemon's admin socket and lock files.
///
/// A path is compared by its fully resolved real path and, when the file exists, by device and inode, so no
/// spelling (`..`, `//`, a relative path), symbolic link or hard link can reach one of them.
struct ProtectedFiles {
    /// The resolved data directory, or nil when it does not exist (then nothing in it can be hit).
    let directory: String?
    /// Device and inode of every protected file that exists now.
    private let identities: Set<FileIdentity>

    init(dataDirectory: String) {
        self.directory = ResolvedPath.real(dataDirectory)
        var identities = Set<FileIdentity>()
        if let directory = self.directory,
            let names = try? FileManager.default.contentsOfDirectory(atPath: directory)
        {
            for name in names where Self.isProtected(name: name) {
                if let identity = FileIdentity(path: (directory as NSString).appendingPathComponent(name)) {
                    identities.insert(identity)
                }
            }
        }
        self.identities = identities
    }

    /// Whether a file of this name directly in the data directory belongs to the replica or the daemon.
    ///
    /// Any name starting with the replica's covers `-wal`, `-shm`, `-journal` and lock files beside it.
    static func isProtected(name: String) -> Bool {
        name.hasPrefix(Settings.databaseFileName) || name == Settings.adminSocketFileName || name.hasSuffix(".lock")
            || name.hasSuffix(".pid")
    }

    /// Whether writing `resolved` (a path already resolved by `ResolvedPath`) would touch a protected file.
    func contains(resolved: String) -> Bool {
        if let directory = self.directory,
            (resolved as NSString).deletingLastPathComponent == directory,
            Self.isProtected(name: (resolved as NSString).lastPathComponent)
        {
            return true
        }
        guard let identity = FileIdentity(path: resolved) else { return false }
        return self.identities.contains(identity)
    }
}

/// A file's device and inode: the same file whatever name reaches it.
struct FileIdentity: Hashable {
    let device: UInt64
    let inode: UInt64

    /// The identity of the file at `path` (following links), or nil when there is none.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.device = UInt64(info.st_dev)
        self.inode = UInt64(info.st_ino)
    }
}
