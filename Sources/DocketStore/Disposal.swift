import Dispatch

/// Lets go of a transaction's large values on a thread of its own.
///
/// Freeing the batches a transaction applied and the records it touched, thousands of small allocations
/// each, was a tenth of the writer's time in a catch-up (`docs/benchmarks.md`, "Throughput, eleventh
/// round"). Every operation waits on the writer, and the other core usually has room.
enum Disposal {
    private static let queue = DispatchQueue(label: "docket.disposal", qos: .utility)

    /// Takes the caller's reference to `value` and drops it on the disposal thread: the value is freed
    /// there when that was the last reference.
    static func drop<T>(_ value: consuming T) {
        let box = Box(value)
        Self.queue.async { box.value = nil }
    }

    // Written when made, then emptied once on the disposal queue, after the hand-over.
    private final class Box<T>: @unchecked Sendable {
        var value: T?

        init(_ value: consuming T) {
            self.value = value
        }
    }
}
