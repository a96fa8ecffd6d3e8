import DocketCore
import Foundation
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Watches that the replica file the daemon opened is still the one at its path, and still writable.
///
/// A replica deleted or replaced under a running daemon (a restore copied over it, a careless `rm`) would
/// leave SQLite writing to a file nobody can see any more. Once a second the path's device and inode are
/// compared with those recorded at open; on a mismatch health fails, one line is logged, and `run()` throws
/// so the whole daemon stops with a non-zero exit instead of writing to a ghost.
final class ReplicaWatch: Service, Sendable {
    typealias Identity = FileIdentity

    let path: String
    private let opened: Identity?
    private let logger: Logger
    private let lost = NIOLockedValueBox<String?>(nil)

    init(path: String, logger: Logger) {
        self.path = path
        self.opened = Identity(path: path)
        self.logger = logger
    }

    /// What is wrong with the replica file, in words for `/health`; empty when it is fine.
    func problems() -> [String] {
        if let lost = self.lost.withLockedValue({ $0 }) { return [lost] }
        var problems: [String] = []
        if access(self.path, W_OK) != 0 {
            problems.append("the replica \(self.path) is not writable: \(String(cString: strerror(errno)))")
        }
        let directory = (self.path as NSString).deletingLastPathComponent
        if access(directory, W_OK) != 0 {
            // SQLite creates its write-ahead log and journal beside the file.
            problems.append("the data directory \(directory) is not writable: \(String(cString: strerror(errno)))")
        }
        return problems
    }

    /// Why the file at the path is no longer the replica that was opened, or nil while it is.
    func check() -> String? {
        guard let opened = self.opened else { return nil }
        guard let now = Identity(path: self.path) else {
            return "the replica \(self.path) was deleted while the daemon was running"
        }
        return now == opened ? nil : "the replica \(self.path) was replaced while the daemon was running"
    }

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while true {
                    try await Task.sleep(for: .seconds(1))
                    if let reason = self.check() {
                        self.lost.withLockedValue { $0 = reason }
                        self.logger.critical("\(reason); stopping so that nothing is written to the old file")
                        throw InputError(field: "replica", "\(reason); restart docket serve to open the file now there")
                    }
                }
            }
        } catch is CancellationError {
            // Graceful shutdown: the daemon is stopping for another reason.
        }
    }
}
