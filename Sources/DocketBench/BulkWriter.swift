import NIOCore

/// Writes `total` bytes as fast as the channel accepts them, pausing whenever it turns unwritable.
final class BulkWriter: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let chunk: ByteBuffer
    private var remaining: Int

    init(total: Int) {
        self.remaining = total
        self.chunk = ByteBuffer(repeating: 0x5A, count: 16 * 1024)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.pump(context: context)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        self.pump(context: context)
        context.fireChannelWritabilityChanged()
    }

    private func pump(context: ChannelHandlerContext) {
        var wrote = false
        while self.remaining > 0 && context.channel.isWritable {
            let size = min(self.remaining, self.chunk.readableBytes)
            context.write(self.wrapOutboundOut(self.chunk.getSlice(at: 0, length: size)!), promise: nil)
            self.remaining -= size
            wrote = true
        }
        if wrote { context.flush() }
    }
}
