import DocketCodec
import DocketCore
import DocketTLS
import DocketTestSupport
import DocketWire
import Foundation
import NIOCore
import NIOPosix
import Testing

/// Peers that misbehave — in plaintext, with garbage, oversized or malformed frames, a wrong protocol
/// version, operations out of sequence or forged in the daemon's own name — are cut off with a logged
/// reason. The replica is untouched and a well-behaved peer keeps syncing throughout.
@Suite(.serialized) struct HostilePeerTests {
    final class Fixture {
        let cluster: TestCluster
        let hq: TestNode
        let good: TestNode
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let intruder: TLSContext
        /// The organisation CA's certificates for nodes outside the cluster's daemons, the rogue among them.
        let signing: TestSigning

        init() throws {
            self.cluster = try TestCluster()
            self.hq = try self.cluster.add("hq")
            try self.hq.start()
            self.good = try self.cluster.add("sh-pudong")
            self.good.peers = [("hq", self.hq.port!)]
            try self.good.start()
            try self.good.cli.ok(["customer", "add", "--name", "张伟"])
            // A node with a genuine certificate from the organisation CA that then misbehaves.
            self.signing = try TestSigning(
                authority: self.cluster.authority, directory: self.cluster.root.url.appendingPathComponent("outsiders"))
            self.intruder = try TLSContext(configuration: try self.signing.certificate(for: "rogue").tlsConfiguration())
        }

        deinit { try? self.group.syncShutdownGracefully() }

        /// Connects as `rogue` over TLS, sends `frames` raw, and waits for the daemon to close the connection.
        func misbehave(_ frames: [ByteBuffer]) throws {
            let connected = try TLSBootstrap.dial(
                host: "127.0.0.1", port: self.hq.port!, expectedPeer: "hq", context: self.intruder, group: self.group
            ).wait()
            for frame in frames {
                try? connected.channel.writeAndFlush(frame).wait()
            }
            try connected.channel.closeFuture.wait()
        }

        func frame(_ message: PeerMessage) throws -> ByteBuffer {
            let payload = try message.encoded()
            var buffer = ByteBuffer()
            buffer.writeInteger(UInt32(payload.readableBytes))
            buffer.writeImmutableBuffer(payload)
            return buffer
        }

        var hello: PeerMessage {
            .hello(.init(
                minimumVersion: ProtocolVersion.minimum, maximumVersion: ProtocolVersion.maximum, node: try! NodeID("rogue"),
                software: "rogue"))
        }

        /// The good branch still reaches headquarters after the attack.
        func goodPeerStillSyncs(_ name: String) throws -> Bool {
            try self.good.cli.ok(["customer", "add", "--name", name])
            return try self.cluster.waitUntilConverged([self.hq, self.good], timeout: 20)
        }

        func operation(_ node: String, _ seq: UInt64) -> ReplicatedOperation {
            ReplicatedOperation(
                dot: Dot(node: try! NodeID(node), seq: seq), record: RecordRef(kind: .customer, id: "cust-\(node)-1"),
                clock: VectorClock(), timestamp: HLCTimestamp(millis: 1), author: "rogue",
                changes: [.set(field: "name", value: .text("冒名"))])
        }

        /// `operations` of one origin, the newest signed with the rogue's genuine certificate, whoever they
        /// claim to be from.
        func signedByRogue(_ operations: [ReplicatedOperation]) throws -> SignedBatch {
            let rogue = try self.signing.signer(for: try NodeID("rogue"))
            var batch = SignedBatch(operations: try operations.map { try EncodedOperation($0) }, certificates: [rogue.certificate])
            if let head = batch.operations.last {
                var signature = try rogue.sign(seq: head.dot.seq, head: head.hash)
                signature.origin = head.dot.node
                batch.signatures.append(signature)
            }
            return batch
        }
    }

    @Test func plaintextAndRandomBytesAreCutOffBeforeAnyDataMoves() throws {
        let fixture = try Fixture()
        #expect(try fixture.cluster.waitUntilConverged([fixture.hq, fixture.good]))
        let before = try fixture.hq.digest()
        for payload in [Array("HELLO hq, I am sh-pudong\r\n".utf8), (0..<4096).map { _ in UInt8.random(in: 0...255) }] {
            let channel = try ClientBootstrap(group: fixture.group).connect(host: "127.0.0.1", port: fixture.hq.port!).wait()
            var buffer = ByteBuffer()
            buffer.writeBytes(payload)
            try? channel.writeAndFlush(buffer).wait()
            try channel.closeFuture.wait()
        }
        #expect(try fixture.hq.digest() == before)
        #expect(fixture.cluster.wait { fixture.hq.log.contains("refused a connection before any data moved") }, "\(fixture.hq.log)")
        #expect(try fixture.goodPeerStillSyncs("李娜"), "\(fixture.cluster.logs)")
    }

    @Test func malformedOversizedAndMisversionedFramesAreRefusedWithAReason() throws {
        let fixture = try Fixture()
        #expect(try fixture.cluster.waitUntilConverged([fixture.hq, fixture.good]))
        let before = try fixture.hq.digest()

        var oversized = ByteBuffer()
        oversized.writeInteger(UInt32(1 << 30))
        try fixture.misbehave([oversized])
        #expect(fixture.cluster.wait { fixture.hq.log.contains("frame_too_large") }, "\(fixture.hq.log)")

        var garbage = ByteBuffer()
        garbage.writeInteger(UInt32(3))
        garbage.writeBytes([0xEE, 0x01, 0x02])
        try fixture.misbehave([garbage])
        #expect(fixture.cluster.wait { fixture.hq.log.contains("unknown message type 238") }, "\(fixture.hq.log)")

        try fixture.misbehave([try fixture.frame(.hello(.init(minimumVersion: 90, maximumVersion: 99, node: try NodeID("rogue"), software: "future")))])
        #expect(fixture.cluster.wait { fixture.hq.log.contains("no common protocol version") }, "\(fixture.hq.log)")

        try fixture.misbehave([try fixture.frame(.hello(.init(
            minimumVersion: ProtocolVersion.minimum, maximumVersion: ProtocolVersion.maximum, node: try NodeID("sh-pudong"),
            software: "liar")))])
        #expect(fixture.cluster.wait { fixture.hq.log.contains("hello names sh-pudong but the certificate names rogue") }, "\(fixture.hq.log)")

        #expect(try fixture.hq.digest() == before)
        #expect(try fixture.goodPeerStillSyncs("王芳"), "\(fixture.cluster.logs)")
    }

    @Test func operationsOutOfSequenceOrForgedInTheDaemonsNameAreRefused() throws {
        let fixture = try Fixture()
        #expect(try fixture.cluster.waitUntilConverged([fixture.hq, fixture.good]))
        let before = try fixture.hq.digest()

        // rogue:5 without rogue:1...4, signed by the rogue itself: only the gap is wrong.
        try fixture.misbehave([
            try fixture.frame(fixture.hello), try fixture.frame(.vector(VersionVector())),
            try fixture.frame(.operations(batch: 1, try fixture.signedByRogue([fixture.operation("rogue", 5)]))),
        ])
        #expect(fixture.cluster.wait { fixture.hq.log.contains("arrived before rogue:1") }, "\(fixture.hq.log)")

        // An operation in headquarters' own name that headquarters never wrote: signed, but not by a
        // certificate naming headquarters, so it is forged however well it is formed.
        try fixture.misbehave([
            try fixture.frame(fixture.hello), try fixture.frame(.vector(VersionVector())),
            try fixture.frame(.operations(batch: 1, try fixture.signedByRogue([fixture.operation("hq", 1)]))),
        ])
        #expect(fixture.cluster.wait { fixture.hq.log.contains("refused forged operations") }, "\(fixture.hq.log)")
        #expect(fixture.hq.log.contains("wrong signer"), "\(fixture.hq.log)")

        #expect(try fixture.hq.digest() == before, "nothing of a refused batch is stored")
        #expect(try fixture.goodPeerStillSyncs("周杰"), "\(fixture.cluster.logs)")
    }

    /// A peer that announces a window and then sends batches without waiting for their acks is refused
    /// once more wait than this node's window, and reading it stops: it cannot make this node buffer more.
    @Test func batchesBeyondTheWindowAreRefused() throws {
        let fixture = try Fixture()
        #expect(try fixture.cluster.waitUntilConverged([fixture.hq, fixture.good]))
        let before = try fixture.hq.digest()
        let hello = PeerMessage.hello(.init(
            minimumVersion: ProtocolVersion.minimum, maximumVersion: ProtocolVersion.maximum, node: try NodeID("rogue"),
            software: "rogue", window: 2))
        // All in one write, so they arrive while headquarters applies the first.
        var flood = try fixture.frame(hello)
        var vector = try fixture.frame(.vector(VersionVector()))
        flood.writeBuffer(&vector)
        for batch in 1...300 {
            var frame = try fixture.frame(.operations(batch: UInt64(batch), SignedBatch()))
            flood.writeBuffer(&frame)
        }
        try fixture.misbehave([flood])
        #expect(
            fixture.cluster.wait { fixture.hq.log.contains("more than 16 batches sent unacknowledged") }, "\(fixture.hq.log)")
        #expect(try fixture.hq.digest() == before)
        #expect(try fixture.goodPeerStillSyncs("吴磊"), "\(fixture.cluster.logs)")
    }

    @Test func aCertificateFromAnotherCAIsRefused() throws {
        let fixture = try Fixture()
        let stranger = try TestCluster()
        let foreign = try stranger.authority.issueNodeCertificate(
            nodeID: "sh-pudong", in: stranger.root.url.appendingPathComponent("x").path)
        let context = try TLSContext(configuration: foreign.tlsConfiguration())
        #expect(throws: (any Error).self) {
            let connected = try TLSBootstrap.dial(
                host: "127.0.0.1", port: fixture.hq.port!, expectedPeer: "hq", context: context, group: fixture.group
            ).wait()
            // If the client side completed, the server still refuses before any data moves.
            try connected.channel.writeAndFlush(try fixture.frame(fixture.hello)).wait()
            try connected.channel.closeFuture.wait()
            throw DocketProcess.Failure("closed")
        }
        #expect(try fixture.goodPeerStillSyncs("陈静"), "\(fixture.cluster.logs)")
    }
}
