import GRDB

/// Notices commits to the replica made by any connection — the daemon's own, or a `docket` command in
/// another process — without reading any table.
///
/// SQLite's `PRAGMA data_version` on a dedicated connection changes exactly when another connection has
/// committed; checking it costs a lookup in shared memory, so it can be polled every few milliseconds.
public final class ChangeMonitor: Sendable {
    private let queue: DatabaseQueue

    public init(replica: Replica) throws {
        var configuration = Configuration()
        configuration.readonly = true
        self.queue = try DatabaseQueue(path: replica.path, configuration: configuration)
    }

    /// A token that differs from the previous call's exactly when something was committed in between.
    public func token() throws -> Int64 {
        // Cached: the check runs hundreds of times a second while commits stream in, and parsing the
        // statement each time cost more than the check itself.
        try self.queue.inDatabase { try Int64.fetchOne($0.cachedStatement(sql: "PRAGMA data_version")) ?? 0 }
    }
}
