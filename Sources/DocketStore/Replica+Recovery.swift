import DocketCore
import GRDB

/// Own-origin recovery: a node restored from a backup may have written operations after the backup was
/// taken, and peers may hold them. Writing new operations under those dots would give the network two
/// histories for one origin, so local writes wait until the node has taken its own operations back.
///
/// A copy made by `backup` is marked as pending: it does not know how far it wrote. The first peer vector
/// it sees says how far that peer holds its operations (the target); once the node holds them, local
/// writes go on. A peer vector naming more of this node's operations than it holds starts a recovery too,
/// however the replica came to be behind.
extension Replica {
    /// Where a recovery stands; nil from `recovery()` when none is under way.
    public struct Recovery: Equatable, Sendable {
        /// This node's own operations held here, contiguously.
        public var held: UInt64
        /// How far a peer holds them; nil while no peer has said.
        public var target: UInt64?
    }

    /// The recovery under way, if any.
    public func recovery() throws -> Recovery? {
        try self.database.read { try Self.recovery(of: self.node, in: $0) }
    }

    /// The recovery under way, if any, without blocking a thread.
    public func recovery() async throws -> Recovery? {
        let node = self.node
        return try await self.database.read { try Self.recovery(of: node, in: $0) }
    }

    static func recovery(of node: NodeID, in db: Database) throws -> Recovery? {
        let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT recovery_pending, recovery_target FROM node_state"))!
        let held = UInt64(try Int64.fetchOne(
            try db.cachedStatement(sql: "SELECT seq FROM version_vector WHERE origin = ?"), arguments: [node.rawValue]) ?? 0)
        if row["recovery_pending"] as Bool { return Recovery(held: held, target: nil) }
        let target = UInt64(max(0, row["recovery_target"] as Int64))
        return held < target ? Recovery(held: held, target: target) : nil
    }

    /// Refuses a local write while a recovery is under way.
    static func checkNotRecovering(node: NodeID, in db: Database) throws {
        if let recovery = try Self.recovery(of: node, in: db) {
            throw StoreError.recovering(held: recovery.held, target: recovery.target)
        }
    }

    /// A peer holds this node's own operations up to `seq`: that is what it must hold before writing.
    /// - Returns: the recovery still under way afterwards, if any.
    @discardableResult
    public func notePeerHolds(ownOperationsUpTo seq: UInt64) async throws -> Recovery? {
        let node = self.node
        return try await self.database.write { db in
            try db.execute(
                sql: "UPDATE node_state SET recovery_pending = 0, recovery_target = max(recovery_target, :seq)",
                arguments: ["seq": Int64(clamping: seq)])
            return try Self.recovery(of: node, in: db)
        }
    }

    /// Ends a recovery by an administrator's decision, for a node no peer will ever answer for.
    public func finishRecovery() throws {
        try self.database.write { db in
            try db.execute(sql: "UPDATE node_state SET recovery_pending = 0, recovery_target = 0")
        }
    }
}
