import DocketCore
import DocketWire
import NIOCore
import Testing

/// The hello and the refusal are what two nodes of different versions must always read from each other:
/// the hello to compare version ranges, the refusal to say which side to upgrade.
@Suite struct HelloCompatibilityTests {
    let hello = PeerMessage.Hello(
        minimumVersion: 2, maximumVersion: 2, node: try! NodeID("hq"), software: "docket 0.3.0",
        wallMillis: 1_795_457_863_924, office: "HQ", schema: 1)

    @Test func helloCarriesTheSendersSchemaVersion() throws {
        for schema: UInt64 in [0, 1, 2, 300, UInt64.max] {
            var hello = self.hello
            hello.schema = schema
            #expect(try PeerMessage.decode(from: try PeerMessage.hello(hello).encoded()) == .hello(hello))
        }
        #expect(PeerMessage.Hello(minimumVersion: 2, maximumVersion: 2, node: try NodeID("hq"), software: "x").schema
            == PeerSchema.schemaVersion)
    }

    /// Type, both ends of the range, node and software come first in every version, so a node reads any
    /// peer's range; the rest follows, the schema and then the window last.
    @Test func helloLayoutStartsWithTheVersionRange() throws {
        let bytes = Array(try PeerMessage.hello(self.hello).encoded().readableBytesView)
        let expected: [UInt8] = [0x01, 0x00, 0x02, 0x00, 0x02, 0x02] + Array("hq".utf8) + [0x0C] + Array("docket 0.3.0".utf8)
        #expect(Array(bytes.prefix(expected.count)) == expected)
        #expect(bytes.suffix(5) == [0x02] + Array("HQ".utf8) + [0x01, 0x00])
    }

    /// The window came after the version-2 fields: a hello from a build before it ends at the schema and
    /// reads as announcing none (0); one that announces it reads back the same.
    @Test func helloAnnouncesTheWindowAndAnEarlierOneReadsAsNone() throws {
        var announcing = self.hello
        announcing.window = 16
        let payload = try PeerMessage.hello(announcing).encoded()
        #expect(try PeerMessage.decode(from: payload) == .hello(announcing))
        let earlier = payload.getSlice(at: payload.readerIndex, length: payload.readableBytes - 1)!
        #expect(try PeerMessage.decode(from: earlier) == .hello(self.hello))
    }

    /// A later version may append fields to its hello; this build reads what it knows and skips the rest,
    /// so it can still compare ranges and refuse with a reason instead of calling the hello malformed.
    @Test func fieldsAppendedByALaterVersionAreSkipped() throws {
        var newer = self.hello
        newer.minimumVersion = 3
        newer.maximumVersion = 4
        newer.schema = 2
        var payload = try PeerMessage.hello(newer).encoded()
        payload.writeBytes([0x05] + Array("later".utf8) + [0xFF, 0x01])
        #expect(try PeerMessage.decode(from: payload) == .hello(newer))
    }

    /// Any other message with bytes after its fields is still malformed.
    @Test func bytesAfterOtherMessagesAreStillMalformed() throws {
        var payload = try PeerMessage.ack(batch: 1, vector: VersionVector()).encoded()
        payload.writeInteger(UInt8(0))
        #expect(throws: WireError.self) { try PeerMessage.decode(from: payload) }
    }

    /// The refusal's bytes are fixed for every version: type 6, the code, the reason as a string.
    @Test func refusalLayoutIsTheSameInEveryVersion() throws {
        let reason = "no common protocol version; upgrade hq"
        let refusal = PeerMessage.refusal(.init(.versionMismatch, reason))
        let bytes = Array(try refusal.encoded().readableBytesView)
        #expect(bytes == [0x06, 0x01, UInt8(reason.utf8.count)] + Array(reason.utf8))
        var written = ByteBuffer()
        written.writeBytes(bytes)
        #expect(try PeerMessage.decode(from: written) == refusal)
        // A code this build does not know reads as a protocol violation, its reason intact.
        var unknown = ByteBuffer()
        unknown.writeBytes([0x06, 0xC8, 0x03] + Array("new".utf8))
        #expect(try PeerMessage.decode(from: unknown) == .refusal(.init(.protocolViolation, "new")))
    }
}
