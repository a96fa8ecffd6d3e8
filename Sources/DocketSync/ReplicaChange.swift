import DocketCore

/// What a session is told when the replica changes: the most the replica is known to hold, merged from
/// every change reported so far, and how many changes came without a vector (only a read can tell what
/// those hold). Both only grow, so when wakes are coalesced the newest one still says everything.
struct ReplicaChange: Sendable, Equatable {
    var vector = VersionVector()
    var withoutVector: UInt64 = 0
}
