import DocketCodec
import DocketWire
import NIOCore
import Synchronization

/// Frames received by a session's reading task and not yet handled by its driver, in arrival order.
///
/// The reading task puts each frame here and then rings the driver once (`PeerSession.Event.frame`), so
/// there are never more frames here than rings still to come. On each ring the driver takes the oldest
/// frame, if any; and when it is about to apply a batch it may take the batches waiting behind it, to
/// apply them in the same transaction. A ring then finds nothing and is skipped. Nothing is reordered: a
/// batch is taken ahead only when every frame before it has been taken.
///
/// A frame arriving at the front is decoded on the reading task, so its decoding overlaps whatever the
/// driver is doing. A batch arriving behind others is only counted and kept as received until it is
/// taken: decoded, a batch takes about ten times the memory, and a sender keeps a window of them in
/// flight, which is what lets the driver apply many in one transaction.
final class FrameInbox: Sendable {
    fileprivate enum Waiting {
        case decoded(Result<PeerMessage, any Error>)
        case held(batch: UInt64, items: Int, payload: ByteBuffer)
    }

    private struct Frames {
        var waiting = CircularBuffer<Waiting>()
        /// How many of them are batches.
        var batches = 0
        /// The most batches that may wait: every one of them is unacknowledged, so a peer keeping to its
        /// window never has more here. Until a hello says the peer keeps to this node's window, the most
        /// any node may announce.
        var limit = SyncOptions.windows.upperBound

        mutating func popFirst() -> Waiting? {
            guard let first = self.waiting.popFirst() else { return nil }
            if first.isBatch { self.batches -= 1 }
            return first
        }
    }

    private let frames = Mutex(Frames())
    /// This node's window: the most batches that may wait once the peer's hello announces a window of its
    /// own, since a peer that announces one also reads this node's and sends no more than it.
    let window: Int

    init(window: Int) {
        self.window = max(1, window)
    }

    /// The most batches that may wait now.
    var batchLimit: Int { self.frames.withLock { $0.limit } }

    /// Puts in a frame's payload, decoded now unless it is a batch with frames waiting ahead of it.
    /// - Returns: false when it makes more batches wait than the limit: the peer ignores the window, and
    ///   the reading task stops reading.
    func put(_ payload: ByteBuffer) -> Bool {
        // Read apart from the append: a frame taken meanwhile only means this one is decoded later.
        let behindOthers = self.frames.withLock { !$0.waiting.isEmpty }
        let waiting: Waiting
        if behindOthers, let size = PeerMessage.batchSize(of: payload) {
            waiting = .held(batch: size.batch, items: size.items, payload: payload)
        } else {
            waiting = .decoded(Result { try PeerMessage.decode(from: payload) })
        }
        return self.frames.withLock { frames in
            // Limited here, as the hello arrives, rather than when the driver reaches it: a peer sending
            // far ahead of its hello is then held to the same limit however fast the frames come.
            if case .decoded(.success(.hello(let hello))) = waiting, hello.window != 0 {
                frames.limit = self.window
            }
            frames.waiting.append(waiting)
            if waiting.isBatch { frames.batches += 1 }
            return frames.batches <= frames.limit
        }
    }

    /// The oldest frame, decoded, or nil when an earlier group took it.
    func take() -> Result<PeerMessage, any Error>? {
        switch self.frames.withLock({ $0.popFirst() }) {
        case nil: nil
        case .decoded(let frame): frame
        case .held(_, _, let payload): Result { try PeerMessage.decode(from: payload) }
        }
    }

    /// The oldest frame when it is a batch of at most `maximumItems` operations and signatures together,
    /// with that count; otherwise nil, and the frame stays for its ring.
    func takeBatch(maximumItems: Int) -> (batch: UInt64, operations: PendingBatch, items: Int)? {
        self.frames.withLock { frames in
            switch frames.waiting.first {
            case .decoded(.success(.operations(let batch, let signed))) where signed.itemCount <= maximumItems:
                _ = frames.popFirst()
                return (batch, .decoded(signed), signed.itemCount)
            case .held(let batch, let items, let payload) where items <= maximumItems:
                _ = frames.popFirst()
                return (batch, .held(payload), items)
            default:
                return nil
            }
        }
    }
}

extension FrameInbox.Waiting {
    var isBatch: Bool {
        switch self {
        case .held, .decoded(.success(.operations)): true
        case .decoded: false
        }
    }
}

/// A batch taken to be applied with others: decoded already, or as received, to be decoded when the
/// transaction reaches it.
enum PendingBatch: Sendable {
    case decoded(SignedBatch)
    case held(ByteBuffer)

    /// The batch, decoded.
    /// - Throws: `WireError` when the bytes held do not decode, as the frame would have been refused had
    ///   it been decoded on arrival.
    func signed() throws -> SignedBatch {
        switch self {
        case .decoded(let batch):
            return batch
        case .held(let payload):
            guard case .operations(_, let batch) = try PeerMessage.decode(from: payload) else {
                throw WireError(.malformed, "a frame counted as a batch decodes as another message")
            }
            return batch
        }
    }
}
