import DocketCodec
import DocketWire
import NIOCore
import Synchronization

/// Frames decoded by a session's reading task and not yet handled by its driver, in arrival order.
///
/// The reading task puts each frame here and then rings the driver once (`PeerSession.Event.frame`), so a
/// frame is always here before its ring. The driver takes one frame per ring, and may take the batches
/// that wait behind the one it is about to apply, to apply them in the same transaction; a ring whose
/// frame was already taken finds nothing and is skipped. Nothing else is reordered: a batch is taken ahead
/// only when every frame before it has been taken.
final class FrameInbox: Sendable {
    private let frames = Mutex(CircularBuffer<Result<PeerMessage, any Error>>())

    func put(_ frame: Result<PeerMessage, any Error>) {
        self.frames.withLock { $0.append(frame) }
    }

    /// The oldest frame, or nil when an earlier group took it.
    func take() -> Result<PeerMessage, any Error>? {
        self.frames.withLock { $0.popFirst() }
    }

    /// The oldest frame when it is a batch of operations of at most `maximumOperations`; otherwise nil,
    /// and the frame stays for its own ring.
    func takeBatch(maximumOperations: Int) -> (batch: UInt64, operations: SignedBatch)? {
        self.frames.withLock { frames in
            guard case .success(.operations(let batch, let signed)) = frames.first,
                signed.operations.count <= maximumOperations
            else { return nil }
            frames.removeFirst()
            return (batch, signed)
        }
    }
}
