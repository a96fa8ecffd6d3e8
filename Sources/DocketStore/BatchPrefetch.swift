import DocketCodec
import Dispatch

/// A batch being read on another thread while the writer applies the one before it.
///
/// Batches waiting to be applied together are kept as received, a tenth of their decoded size; each is
/// decoded when the transaction is about to reach it. Reading the next one here, alongside the apply in
/// progress, keeps that decoding off the writer's path on a machine with a second core.
final class BatchPrefetch: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    // Written once by the reading thread before it signals `done`, and read only after waiting on it.
    private var result: Result<SignedBatch, any Error>?

    init(_ read: @escaping @Sendable () throws -> SignedBatch) {
        DispatchQueue.global().async {
            self.result = Result { try read() }
            self.done.signal()
        }
    }

    /// The batch, once read; rethrows what reading it threw.
    func batch() throws -> SignedBatch {
        self.done.wait()
        return try self.result!.get()
    }
}
