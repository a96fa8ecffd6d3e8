import DocketCodec
import DocketWire
import NIOCore
import Synchronization

/// Frames decoded by a session's reading task and not yet handled by its driver, in arrival order.
///
/// The reading task puts each frame here and then rings the driver once (`PeerSession.Event.frame`), so
/// there are never more frames here than rings still to come. On each ring the driver takes the oldest
/// frame, if any; and when it is about to apply a batch it may take the batches waiting behind it, to
/// apply them in the same transaction. A ring then finds nothing and is skipped. Nothing is reordered: a
/// batch is taken ahead only when every frame before it has been taken.
final class FrameInbox: Sendable {
    private let frames = Mutex(CircularBuffer<Result<PeerMessage, any Error>>())

    func put(_ frame: Result<PeerMessage, any Error>) {
        self.frames.withLock { $0.append(frame) }
    }

    /// The oldest frame, or nil when an earlier group took it.
    func take() -> Result<PeerMessage, any Error>? {
        self.frames.withLock { $0.popFirst() }
    }

    /// The oldest frame when it is a batch of at most `maximumItems` operations and signatures together;
    /// otherwise nil, and the frame stays for its ring.
    func takeBatch(maximumItems: Int) -> (batch: UInt64, operations: SignedBatch)? {
        self.frames.withLock { frames in
            guard case .success(.operations(let batch, let signed)) = frames.first,
                signed.operations.count + signed.signatures.count <= maximumItems
            else { return nil }
            frames.removeFirst()
            return (batch, signed)
        }
    }
}
