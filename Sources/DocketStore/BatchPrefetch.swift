import DocketCodec
import DocketCore
import Dispatch

/// A batch being read and prepared on another thread while the writer applies the one before it.
///
/// Batches waiting to be applied together are kept as received, a tenth of their decoded size; each is
/// decoded when the transaction is about to reach it. Reading and preparing the next one here, alongside
/// the apply in progress, keeps that work off the writer's path on a machine with a second core.
final class BatchPrefetch: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    // Written once by the reading thread before it signals `done`, and read only after waiting on it.
    private var result: Result<PreparedBatch, any Error>?

    init(_ read: @escaping @Sendable () throws -> SignedBatch, schema: DocketSchema) {
        DispatchQueue.global().async {
            self.result = Result { try PreparedBatch(read(), schema: schema) }
            self.done.signal()
        }
    }

    /// The batch, once read and prepared; rethrows what that threw.
    func batch() throws -> PreparedBatch {
        self.done.wait()
        return try self.result!.get()
    }
}
