import DocketWire
import NIOCore
import NIOEmbedded

/// Feeds bytes through `FrameDecoder` in a pipeline, as a connection would, and decodes every frame.
enum FrameFuzzing {
    /// Small, so that both sides of the limit are reached by short inputs.
    static let maximumFrameBytes = 4096

    /// The first byte sets the chunk size, so that frames split across reads at every offset are tried.
    static func run(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let chunk = Int(first % 32) + 1
        let stream = bytes.dropFirst()
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder(maximumFrameBytes: Self.maximumFrameBytes)))
        var frameBytes = 0
        defer { _ = try? channel.finish() }
        var offset = stream.startIndex
        while offset < stream.endIndex {
            let end = min(offset + chunk, stream.endIndex)
            do {
                try channel.writeInbound(ByteBuffer(bytes: stream[offset..<end]))
            } catch {
                return
            }
            offset = end
            while let frame = try? channel.readInbound(as: ByteBuffer.self) {
                frameBytes += 4 + frame.readableBytes
                guard frame.readableBytes <= Self.maximumFrameBytes else { invariantBroken("a frame over the limit") }
                MessageFuzzing.decodeAndRoundTrip(frame)
            }
        }
        guard frameBytes <= stream.count else { invariantBroken("frames hold more bytes than were sent") }
    }
}
