import DocketCodec
import DocketCore
import DocketStore
import DocketTLS
import DocketTestSupport
import DocketWire
import Foundation
import NIOCore
import NIOPosix
import Testing

/// A node with a genuine certificate from the organisation CA that speaks the real protocol and relays
/// operations that are not what their origins wrote. Headquarters refuses each with its specific reason,
/// keeps its replica as it was, raises the equivocation alarm only for a second history the origin itself
/// signed, and a good branch keeps syncing through it all.
@Suite(.serialized) struct ForgedOperationsTests {
    final class Fixture {
        let cluster: TestCluster
        let hq: TestNode
        let good: TestNode
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let rogue: TLSContext
        let rogueSigner: ChainSigner
        /// An office that never connects: the rogue relays what it wrote.
        let guangzhou: Office
        /// An office whose certificate headquarters has revoked.
        let wuhan: Office

        /// A replica and signing key of an office, outside any daemon.
        struct Office {
            let replica: Replica
            let signer: ChainSigner
        }

        init() throws {
            self.cluster = try TestCluster()
            let root = self.cluster.root.url
            let rogueCertificates = try self.cluster.authority.issueNodeCertificate(
                nodeID: "rogue", in: root.appendingPathComponent("rogue").path)
            self.rogue = try TLSContext(configuration: rogueCertificates.tlsConfiguration())
            self.rogueSigner = try ChainSigner(node: rogueCertificates)
            self.guangzhou = try Self.office("gz-tianhe", code: "GZ01", cluster: self.cluster)
            self.wuhan = try Self.office("wh-wuhan", code: "WH01", cluster: self.cluster)
            self.hq = try self.cluster.add("hq")
            self.hq.revoked = [self.wuhan.signer.certificate.fingerprint]
            try self.hq.start()
            self.good = try self.cluster.add("sh-pudong")
            self.good.peers = [("hq", self.hq.port!)]
            try self.good.start()
            try self.good.cli.ok(["customer", "add", "--name", "张伟"])
        }

        deinit { try? self.group.syncShutdownGracefully() }

        static func office(_ id: String, code: String, cluster: TestCluster, replicaName: String = "replica") throws -> Office {
            let directory = cluster.root.url.appendingPathComponent(id)
            let tls = directory.appendingPathComponent("tls").path
            let certificates = NodeCertificate(nodeID: id, directory: tls)
            if !certificates.exists {
                _ = try cluster.authority.issueNodeCertificate(nodeID: id, in: tls)
            }
            let replica = try Replica.create(
                at: directory.appendingPathComponent("\(replicaName).sqlite").path, node: try NodeID(id), officeCode: code,
                now: 1_700_000_000_000)
            return Office(replica: replica, signer: try ChainSigner(node: certificates))
        }

        /// Three customers written at `office`, signed, as the office would send them.
        static func history(of office: Office, names: [String]) throws -> SignedBatch {
            for name in names {
                _ = try office.replica.write(author: "黄敏", now: 1_700_000_000_000) { writer in
                    try writer.commit(
                        try CustomerDesk.add(name: name, phone: nil, email: nil, salutation: nil, tier: .regular, notes: nil),
                        to: RecordRef.created(by: writer.nextDot, kind: .customer))
                }
            }
            try office.replica.signOwnChain(with: office.signer)
            return try office.replica.signedBatch(missingFrom: VersionVector())
        }

        /// Connects as `rogue`, says hello and an empty vector, sends `batch`. A refused batch ends with the
        /// daemon closing the connection; an accepted one is left to apply until `accepted` holds.
        func relay(_ batch: SignedBatch, accepted: (() throws -> Bool)? = nil) throws {
            try self.relay([batch], accepted: accepted)
        }

        /// `relay(_:accepted:)` for several batches, written in one go so they wait together at the daemon.
        func relay(_ batches: [SignedBatch], accepted: (() throws -> Bool)? = nil) throws {
            let connected = try TLSBootstrap.dial(
                host: "127.0.0.1", port: self.hq.port!, expectedPeer: "hq", context: self.rogue, group: self.group
            ).wait()
            let hello = PeerMessage.hello(.init(
                minimumVersion: ProtocolVersion.minimum, maximumVersion: ProtocolVersion.maximum,
                node: try NodeID("rogue"), software: "rogue"))
            var frames = ByteBuffer()
            let batches = batches.enumerated().map { PeerMessage.operations(batch: UInt64($0.offset + 1), $0.element) }
            for message in [hello, .vector(VersionVector())] + batches {
                let payload = try message.encoded()
                frames.writeInteger(UInt32(payload.readableBytes))
                frames.writeImmutableBuffer(payload)
            }
            try? connected.channel.writeAndFlush(frames).wait()
            if let accepted {
                _ = try self.cluster.wait(until: accepted)
                try? connected.channel.close().wait()
            } else {
                try connected.channel.closeFuture.wait()
            }
        }

        func hqHolds(_ origin: String) throws -> UInt64 {
            let status = try JSONSerialization.jsonObject(with: Data(try self.hq.cli.ok(["status", "--json"]).utf8)) as? [String: Any]
            return ((status?["vector"] as? [String: Any])?[origin] as? NSNumber)?.uint64Value ?? 0
        }

        func goodPeerStillSyncs(_ name: String) throws -> Bool {
            try self.good.cli.ok(["customer", "add", "--name", name])
            return try self.cluster.waitUntilConverged([self.hq, self.good], timeout: 20)
        }
    }

    /// The batch with operation `index` replaced by the same operation with another name in it.
    static func altering(_ batch: SignedBatch, at index: Int) throws -> SignedBatch {
        var altered = batch
        let original = batch.operations[index].operation
        let changed = ReplicatedOperation(
            dot: original.dot, previous: original.previous, record: original.record, clock: original.clock,
            timestamp: original.timestamp, author: original.author, changes: [.set(field: "name", value: .text("冒名顶替"))])
        altered.operations[index] = try EncodedOperation(changed)
        return altered
    }

    @Test func anAlteredRelayAnInventedOriginAndARevokedSignerAreEachRefusedForWhatTheyAre() throws {
        let fixture = try Fixture()
        #expect(try fixture.cluster.waitUntilConverged([fixture.hq, fixture.good]))
        let before = try fixture.hq.digest()
        let genuine = try Fixture.history(of: fixture.guangzhou, names: ["广州一号", "广州二号", "广州三号"])

        // One field changed in the middle of the chain: the next operation no longer commits to it.
        try fixture.relay(try Self.altering(genuine, at: 1))
        #expect(fixture.cluster.wait { fixture.hq.log.contains("broken chain") }, "\(fixture.hq.log)")
        // Changed at the head: the signature is over another head.
        try fixture.relay(try Self.altering(genuine, at: 2))
        #expect(fixture.cluster.wait { fixture.hq.log.contains("is over another head") }, "\(fixture.hq.log)")

        // An operation in another office's name, signed with the rogue's own genuine key.
        let invented = try EncodedOperation(ReplicatedOperation(
            dot: Dot(node: try NodeID("bj-chaoyang"), seq: 1), record: RecordRef(kind: .customer, id: "cust-bj-chaoyang-1"),
            clock: VectorClock(), timestamp: HLCTimestamp(millis: 1_700_000_000_000), author: "rogue",
            changes: [.set(field: "name", value: .text("冒名"))]))
        let own = try fixture.rogueSigner.sign(seq: 1, head: invented.hash)
        let claim = ChainSignature(
            origin: invented.dot.node, seq: 1, head: invented.hash, certificate: own.certificate, signature: own.signature)
        try fixture.relay(SignedBatch(operations: [invented], signatures: [claim], certificates: [fixture.rogueSigner.certificate]))
        #expect(fixture.cluster.wait { fixture.hq.log.contains("names rogue") && fixture.hq.log.contains("wrong signer") }, "\(fixture.hq.log)")

        // Genuinely signed, by a certificate headquarters has revoked.
        try fixture.relay(try Fixture.history(of: fixture.wuhan, names: ["武汉客户"]))
        #expect(fixture.cluster.wait { fixture.hq.log.contains("revoked certificate") }, "\(fixture.hq.log)")

        // Unsigned operations are refused too.
        try fixture.relay(SignedBatch(operations: genuine.operations))
        #expect(fixture.cluster.wait { fixture.hq.log.contains("no signature covers gz-tianhe") }, "\(fixture.hq.log)")

        #expect(try fixture.hq.digest() == before, "nothing of a refused batch is stored")
        #expect(try fixture.hqHolds("gz-tianhe") == 0)
        #expect(try fixture.goodPeerStillSyncs("周杰"), "\(fixture.cluster.logs)")
        // The genuine history, relayed by the very same node, is taken.
        try fixture.relay(genuine, accepted: { try fixture.hqHolds("gz-tianhe") == 3 })
        #expect(try fixture.hqHolds("gz-tianhe") == 3)
        #expect(try fixture.cluster.waitUntilConverged([fixture.hq, fixture.good]), "\(fixture.cluster.logs)")
    }

    /// Batches that arrive together are applied in one transaction; when one of them is forged, those
    /// before it are still kept, the forged one is refused for what it is, and nothing after it is taken.
    @Test func aForgedBatchAmongSeveralSentAtOnceIsRefusedAndThoseBeforeItAreKept() throws {
        let fixture = try Fixture()
        let names = ["广州一号", "广州二号", "广州三号", "广州四号", "广州五号", "广州六号"]
        let genuine = try Fixture.history(of: fixture.guangzhou, names: names)
        let signer = fixture.guangzhou.signer
        func part(_ range: Range<Int>) throws -> SignedBatch {
            let operations = Array(genuine.operations[range])
            let head = operations[operations.count - 1]
            return SignedBatch(
                operations: operations, signatures: [try signer.sign(seq: head.dot.seq, head: head.hash)],
                certificates: [signer.certificate])
        }
        try fixture.relay([try part(0..<2), try Self.altering(try part(2..<4), at: 0), try part(4..<6)])
        #expect(fixture.cluster.wait { fixture.hq.log.contains("broken chain") }, "\(fixture.hq.log)")
        #expect(try fixture.hqHolds("gz-tianhe") == 2, "\(fixture.hq.log)")
        #expect(try fixture.goodPeerStillSyncs("周杰"), "\(fixture.cluster.logs)")

        // Sent at once and all genuine, they are all taken.
        try fixture.relay([try part(0..<2), try part(2..<4), try part(4..<6)], accepted: { try fixture.hqHolds("gz-tianhe") == 6 })
        #expect(try fixture.hqHolds("gz-tianhe") == 6)
        #expect(try fixture.cluster.waitUntilConverged([fixture.hq, fixture.good]), "\(fixture.cluster.logs)")
    }

    @Test func aSecondHistoryIsAForgeryUnlessItsOriginSignedItThenAnEquivocationAlarm() throws {
        let fixture = try Fixture()
        let genuine = try Fixture.history(of: fixture.guangzhou, names: ["广州一号", "广州二号"])
        try fixture.relay(genuine, accepted: { try fixture.hqHolds("gz-tianhe") == 2 })
        #expect(try fixture.cluster.waitUntilConverged([fixture.hq, fixture.good]), "\(fixture.cluster.logs)")
        let before = try fixture.hq.digest()

        // A different operation under a held dot, not signed by its origin: a forgery, no alarm.
        try fixture.relay(SignedBatch(operations: [try Self.altering(genuine, at: 0).operations[0]]))
        #expect(fixture.cluster.wait { fixture.hq.log.contains("held here, and not signed by gz-tianhe") }, "\(fixture.hq.log)")
        #expect(!(try fixture.hq.cli.ok(["status"])).contains("EQUIVOCATION"))

        // Guangzhou itself signs a second history (a restored copy writing again under the same dots).
        let twin = try Fixture.office("gz-tianhe", code: "GZ01", cluster: fixture.cluster, replicaName: "twin")
        let second = try Fixture.history(of: twin, names: ["另一个历史"])
        try fixture.relay(second)
        #expect(fixture.cluster.wait { fixture.hq.log.contains("equivocation") }, "\(fixture.hq.log)")
        let status = try fixture.hq.cli.ok(["status"])
        #expect(status.contains("EQUIVOCATION") && status.contains("gz-tianhe") && status.contains("seq 1"), "\(status)")
        let doctor = try fixture.hq.cli.run(["doctor"])
        #expect(doctor.status != 0 && doctor.stdout.contains("equivocation gz-tianhe"), "\(doctor.stdout)")
        let metrics = try fixture.hq.cli.ok(["status", "--json"])
        #expect(metrics.contains("\"equivocations\""), "\(metrics)")
        #expect(try fixture.hq.digest() == before, "the first history stays; the second is evidence only")
        #expect(try fixture.goodPeerStillSyncs("孙丽"), "\(fixture.cluster.logs)")
    }
}
