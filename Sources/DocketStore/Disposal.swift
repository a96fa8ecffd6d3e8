import Dispatch

/// Lets go of a transaction's large values on a thread of its own.
///
/// Freeing the batches a transaction applied and the records it touched, thousands of small allocations
/// each, was a tenth of the writer's time in a catch-up (`docs/benchmarks.md`, "Throughput, eleventh
/// round"). Every operation waits on the writer, and the other core usually has room.
enum Disposal {
    private static let queue = DispatchQueue(label: "docket.disposal", qos: .utility)

    /// Values holding fewer operations or records than this are freed where they are: waking another
    /// thread would cost a lone change on its way to the peer more than freeing it does.
    static let minimumCount = 100

    /// Takes the caller's reference to `value`, which holds `count` operations or records, and drops it
    /// on the disposal thread when it is large: the value is freed there when that was the last reference.
    static func drop<T: Sendable>(_ value: consuming T, holding count: Int) {
        guard count >= Self.minimumCount else { return }
        let box = Box(value)
        Self.queue.async { box.value = nil }
    }

    /// Runs `body` on the disposal thread once everything dropped so far is freed.
    static func afterDrops(_ body: @escaping @Sendable () -> Void) {
        Self.queue.async(execute: body)
    }

    /// Waits until everything dropped so far is freed, and whatever was to run after it has run.
    static func drain() {
        Self.queue.sync {}
    }

    // Written when made, then emptied once on the disposal queue, after the hand-over.
    private final class Box<T: Sendable>: @unchecked Sendable {
        var value: T?

        init(_ value: consuming T) {
            self.value = value
        }
    }
}
