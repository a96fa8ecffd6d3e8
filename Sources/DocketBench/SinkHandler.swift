import Foundation
import NIOCore

/// Counts bytes received across connections and signals when an expected amount has arrived.
final class ByteSink: @unchecked Sendable {
    private let lock = NSLock()
    private var received = 0
    private var target = Int.max
    private var promise: EventLoopPromise<Void>?

    func expect(bytes: Int, on eventLoop: EventLoop) -> EventLoopFuture<Void> {
        self.lock.withLock {
            let promise = eventLoop.makePromise(of: Void.self)
            self.received = 0
            self.target = bytes
            self.promise = promise
            return promise.futureResult
        }
    }

    func add(_ count: Int) {
        let finished: EventLoopPromise<Void>? = self.lock.withLock {
            self.received += count
            guard self.received >= self.target, let promise = self.promise else { return nil }
            self.promise = nil
            return promise
        }
        finished?.succeed(())
    }
}

/// Discards plaintext, counting it into a `ByteSink`.
final class SinkHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private let sink: ByteSink

    init(sink: ByteSink) {
        self.sink = sink
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        self.sink.add(self.unwrapInboundIn(data).readableBytes)
    }
}
