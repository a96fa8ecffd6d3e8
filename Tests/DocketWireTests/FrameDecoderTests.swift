import DocketWire
import NIOCore
import NIOEmbedded
import NIOTestUtils
import Testing

@Suite struct FrameDecoderTests {
    private func frame(_ text: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(text.utf8.count))
        buffer.writeString(text)
        return buffer
    }

    @Test func decodesFramesDripFedAndCoalesced() throws {
        // The verifier feeds the input byte by byte, all at once, and in between.
        let payloads = ["你好", "", "漏水复检", String(repeating: "案", count: 500)]
        let inputOutputPairs = payloads.map { payload -> (ByteBuffer, [ByteBuffer]) in
            (self.frame(payload), [ByteBuffer(string: payload)])
        }
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: inputOutputPairs) {
            FrameDecoder(maximumFrameBytes: 4096)
        }
    }

    @Test func refusesAnOversizedFrameBeforeReadingItsBody() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(FrameDecoder(maximumFrameBytes: 1024)))
        var header = ByteBuffer()
        header.writeInteger(UInt32(1025))
        #expect(throws: WireError.self) {
            try channel.writeInbound(header)
        }
        _ = try? channel.finish()
    }

    @Test func encoderPrefixesTheLength() throws {
        let channel = EmbeddedChannel(handler: MessageToByteHandler(FrameEncoder()))
        try channel.writeOutbound(ByteBuffer(string: "工单"))
        var written = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(written.readInteger(as: UInt32.self) == 6)
        #expect(written.readString(length: 6) == "工单")
        _ = try channel.finish()
    }
}
