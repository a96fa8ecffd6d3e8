import DocketCore
import GRDB

/// The reads the sync engine makes while serving peers, in forms that suspend instead of blocking a thread
/// of Swift's cooperative pool while SQLite works.
extension Replica {
    /// The version vector: for each origin, the highest `seq` held contiguously.
    public func vector() async throws -> VersionVector {
        try await self.database.read { try Self.vector(in: $0) }
    }

    /// The summary, read in one snapshot so the vector and the digests describe the same state.
    public func summary(withRecords: Bool) async throws -> Summary {
        try await self.database.read { try Self.summary(withRecords: withRecords, in: $0) }
    }
}
