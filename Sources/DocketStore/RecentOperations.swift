import DocketCodec
import DocketCore
import Synchronization

/// The operations this replica read back from its log most recently, decoded, by dot.
///
/// A headquarters forwards each operation to every other peer, and decoding a stored body again for each
/// of them (mostly its changes' JSON) was nearly half of its CPU with twenty branches. An operation under
/// a dot never changes once stored, so a decoded one stays right for as long as the replica is open.
final class RecentOperations: Sendable {
    /// Enough for every peer's batches of the last moments; about 3 MiB at full size.
    static let capacity = 1_024

    private struct Entries {
        var byDot: [Dot: EncodedOperation] = [:]
        /// Insertion order, for evicting the oldest: a ring over `capacity` slots.
        var order: [Dot] = []
        var next = 0
    }

    private let entries = Mutex(Entries())

    func operation(at dot: Dot) -> EncodedOperation? {
        self.entries.withLock { $0.byDot[dot] }
    }

    func remember(_ operation: EncodedOperation) {
        self.entries.withLock { entries in
            guard entries.byDot.updateValue(operation, forKey: operation.dot) == nil else { return }
            if entries.order.count < Self.capacity {
                entries.order.append(operation.dot)
            } else {
                entries.byDot[entries.order[entries.next]] = nil
                entries.order[entries.next] = operation.dot
                entries.next = (entries.next + 1) % Self.capacity
            }
        }
    }
}
