import DocketCore
import DocketStore
import NIOPosix

/// Runs the replica's blocking SQLite calls on threads of their own, so neither the event loops nor
/// Swift's cooperative pool ever wait on the disk.
final class StoreExecutor: Sendable {
    let replica: Replica
    private let pool: NIOThreadPool

    init(replica: Replica, threads: Int = 2) {
        self.replica = replica
        self.pool = NIOThreadPool(numberOfThreads: threads)
        self.pool.start()
    }

    func run<T: Sendable>(_ body: @escaping @Sendable (Replica) throws -> T) async throws -> T {
        let replica = self.replica
        return try await self.pool.runIfActive { try body(replica) }
    }

    func shutdown() async {
        try? await self.pool.shutdownGracefully()
    }
}
