import DocketCore
import DocketStore

/// Runs one person's change against the local replica as a single transaction.
struct LocalChange {
    let replica: Replica
    let settings: Settings
    let author: String
    let now: Int64

    init(_ global: GlobalOptions) throws {
        (self.replica, self.settings) = try global.openReplica()
        self.author = try global.author()
        self.now = currentMillis()
    }

    func run<T>(_ body: (LocalWriter) throws -> T) throws -> (result: T, operations: [ReplicatedOperation]) {
        try self.replica.write(author: self.author, now: self.now, body)
    }
}
