import DocketCodec
import DocketCore
import DocketWire
import Testing

@testable import DocketSync

@Suite struct PeerSessionStateMachineTests {
    let local = try! NodeID("sh-pudong")
    let peer = try! NodeID("hq")

    func operation(_ node: NodeID, _ seq: UInt64) -> EncodedOperation {
        try! EncodedOperation(ReplicatedOperation(
            dot: Dot(node: node, seq: seq), record: RecordRef(kind: .customer, id: "cust-\(node)-1"),
            clock: VectorClock(), timestamp: HLCTimestamp(millis: seq), author: "王磊",
            changes: [.set(field: "name", value: .text("张伟"))]))
    }

    /// A batch as the machine sees it: it passes batches through whole and leaves verifying them to the
    /// replica, so no signature is needed here.
    func batch(_ operations: EncodedOperation...) -> SignedBatch {
        SignedBatch(operations: operations)
    }

    /// The same, as this node reads one back from its log to send.
    func stored(_ operations: EncodedOperation...) -> StoredBatch {
        StoredBatch(SignedBatch(operations: operations))
    }

    var hello: PeerMessage {
        .hello(.init(
            minimumVersion: ProtocolVersion.minimum, maximumVersion: ProtocolVersion.maximum, node: self.peer, software: "x"))
    }

    func helloed(window: Int = 2) -> PeerSession.StateMachine {
        var machine = PeerSession.StateMachine(localNode: self.local, certifiedPeer: self.peer, window: window)
        _ = machine.received(self.hello, localVector: VersionVector())
        return machine
    }

    @Test func helloMustNameTheCertifiedNode() {
        var machine = PeerSession.StateMachine(localNode: self.local, certifiedPeer: self.peer, window: 2)
        let actions = machine.received(
            .hello(.init(
                minimumVersion: ProtocolVersion.minimum, maximumVersion: ProtocolVersion.maximum, node: try! NodeID("bj-chaoyang"),
                software: "x")),
            localVector: VersionVector())
        guard case .close(let refusal?)? = actions.first else { Issue.record("expected a refusal"); return }
        #expect(refusal.code == .identityMismatch)
        #expect(machine.state == .closed)
    }

    @Test func versionsWithoutOverlapAreRefused() {
        var machine = PeerSession.StateMachine(localNode: self.local, certifiedPeer: self.peer, window: 2)
        let actions = machine.received(.hello(.init(minimumVersion: 7, maximumVersion: 9, node: self.peer, software: "x")), localVector: VersionVector())
        guard case .close(let refusal?)? = actions.first else { Issue.record("expected a refusal"); return }
        #expect(refusal.code == .versionMismatch)
    }

    @Test func helloThenVectorStartsFetchingWhatThePeerLacks() {
        var machine = PeerSession.StateMachine(localNode: self.local, certifiedPeer: self.peer, window: 2)
        let local = VersionVector([self.local: 5])
        let afterHello = machine.received(self.hello, localVector: local)
        #expect(afterHello == [.send(.vector(local))])
        let peerVector = VersionVector([self.local: 2])
        // How far the peer holds this node's own operations goes to the replica first, for a restored node.
        #expect(machine.received(.vector(peerVector), localVector: local) == [.peerHolds(2), .fetch(since: peerVector)])
    }

    @Test func flowControlKeepsAtMostWindowBatchesOutstanding() {
        var machine = self.helloed(window: 2)
        _ = machine.received(.vector(VersionVector()), localVector: VersionVector())
        let held = VersionVector([self.local: 3])
        let first = machine.fetched(self.stored(self.operation(self.local, 1)), vector: held)
        #expect(first.first == .sendStored(batch: 1, self.stored(self.operation(self.local, 1))))
        #expect(first.last == .fetch(since: VersionVector([self.local: 1])))
        let second = machine.fetched(self.stored(self.operation(self.local, 2)), vector: held)
        // Two outstanding: no further fetch until an ack arrives.
        #expect(second == [.sendStored(batch: 2, self.stored(self.operation(self.local, 2)))])
        #expect(machine.replicaChanged(ReplicaChange(vector: held)) == [])
        let afterAck = machine.received(.ack(batch: 1, vector: VersionVector([self.local: 1])), localVector: VersionVector([self.local: 3]))
        #expect(afterAck == [.fetch(since: VersionVector([self.local: 2]))])
    }

    /// A node announces its window in its hello, and is sent no more than that: a peer from before the
    /// announcement is taken to hold 4, the window every earlier build had, and no number a peer sends
    /// widens this node's own.
    @Test func theSendWindowIsTheSmallerOfBothAnnounced() {
        let starting = PeerSession.StateMachine(localNode: self.local, certifiedPeer: self.peer, window: 16)
        guard case .send(.hello(let announced))? = starting.start(wallMillis: 0).first else {
            Issue.record("a session starts with its hello")
            return
        }
        #expect(announced.window == 16)
        for (peerWindow, expected): (UInt64, Int) in [(3, 3), (0, 4), (100, 16), (UInt64.max, 16)] {
            var machine = starting
            let hello = PeerMessage.Hello(
                minimumVersion: ProtocolVersion.minimum, maximumVersion: ProtocolVersion.maximum, node: self.peer,
                software: "x", window: peerWindow)
            _ = machine.received(.hello(hello), localVector: VersionVector())
            #expect(machine.sendWindow == expected, "a peer announcing \(peerWindow)")
        }

        var machine = starting
        let one = PeerMessage.Hello(
            minimumVersion: ProtocolVersion.minimum, maximumVersion: ProtocolVersion.maximum, node: self.peer,
            software: "x", window: 1)
        _ = machine.received(.hello(one), localVector: VersionVector())
        _ = machine.received(.vector(VersionVector()), localVector: VersionVector())
        let held = VersionVector([self.local: 3])
        #expect(machine.fetched(self.stored(self.operation(self.local, 1)), vector: held)
            == [.sendStored(batch: 1, self.stored(self.operation(self.local, 1)))], "one outstanding fills a window of one")
    }

    @Test func operationsFromThePeerAreNeverEchoedBack() {
        var machine = self.helloed()
        _ = machine.received(.vector(VersionVector([self.peer: 1])), localVector: VersionVector())
        _ = machine.fetched(StoredBatch(), vector: VersionVector([self.peer: 1]))
        let incoming = self.batch(self.operation(self.peer, 2), self.operation(self.peer, 3))
        #expect(machine.received(.operations(batch: 1, incoming), localVector: VersionVector([self.peer: 1])) == [.apply(batch: 1, incoming)])
        let actions = machine.applied([(1, incoming.operations.map(\.dot))], vector: VersionVector([self.peer: 3]))
        // The peer holds all the replica does: nothing to fetch for it.
        #expect(actions == [.send(.ack(batch: 1, vector: VersionVector([self.peer: 3])))])
        // A later change is fetched from past what the peer sent, never echoing its operations.
        #expect(
            machine.replicaChanged(ReplicaChange(vector: VersionVector([self.peer: 3, self.local: 1])))
                == [.fetch(since: VersionVector([self.peer: 3]))])
    }

    /// Batches applied in one transaction are each acknowledged, in order, with the vector it committed,
    /// and only then is anything fetched: the sender's window opens for all of them at once.
    @Test func batchesAppliedTogetherAreEachAcknowledgedBeforeAnyFetch() {
        var machine = self.helloed()
        _ = machine.received(.vector(VersionVector([self.peer: 1])), localVector: VersionVector())
        _ = machine.fetched(StoredBatch(), vector: VersionVector([self.peer: 1]))
        let first = self.batch(self.operation(self.peer, 2))
        let second = self.batch(self.operation(self.peer, 3), self.operation(self.peer, 4))
        let after = VersionVector([self.peer: 4, self.local: 1])
        let actions = machine.applied([(7, first.operations.map(\.dot)), (8, second.operations.map(\.dot))], vector: after)
        #expect(actions == [
            .send(.ack(batch: 7, vector: after)), .send(.ack(batch: 8, vector: after)),
            .fetch(since: VersionVector([self.peer: 4])),
        ])
    }

    /// Re-signed heads read alone go out, and are no reason to read again: they say nothing new is held.
    @Test func signaturesAloneAreSentWithoutAnotherFetch() {
        var machine = self.helloed(window: 2)
        let one = VersionVector([self.local: 1])
        #expect(machine.received(.vector(one), localVector: one) == [.peerHolds(1), .fetch(since: one)])
        let resigned = StoredBatch(signatures: [
            ChainSignature(origin: self.local, seq: 1, head: .zero, certificate: "新证书", signature: [0x30, 0x01])
        ])
        #expect(machine.fetched(resigned, vector: one) == [.sendStored(batch: 1, resigned)])
        #expect(machine.inFlight == [1])
    }

    /// A single change costs one read: none for a change the peer was sent already (its own apply, the
    /// commit that signed it, its ack), and the next change is read as soon as it is reported.
    @Test func nothingIsFetchedWhenWhatWasSentCoversAllTheReplicaIsKnownToHold() {
        var machine = self.helloed(window: 2)
        let one = VersionVector([self.local: 1])
        let two = VersionVector([self.local: 2])
        // The first read happens whatever the vectors say: it carries any re-signed heads.
        #expect(machine.received(.vector(one), localVector: one) == [.peerHolds(1), .fetch(since: one)])
        _ = machine.fetched(StoredBatch(), vector: one)
        #expect(machine.replicaChanged(ReplicaChange(vector: one)) == [])
        #expect(machine.replicaChanged(ReplicaChange(vector: two)) == [.fetch(since: one)])
        let change = self.stored(self.operation(self.local, 2))
        #expect(machine.fetched(change, vector: two) == [.sendStored(batch: 1, change)])
        #expect(machine.received(.ack(batch: 1, vector: two), localVector: VersionVector()) == [])
        #expect(machine.replicaChanged(ReplicaChange(vector: two)) == [])
        // A change reported without a vector is read, however the vectors stand.
        #expect(machine.replicaChanged(ReplicaChange(vector: two, withoutVector: 1)) == [.fetch(since: two)])
        // One reported without a vector while a fetch is out is read after it, even when that fetch was empty.
        #expect(machine.replicaChanged(ReplicaChange(vector: two, withoutVector: 2)) == [])
        #expect(machine.fetched(StoredBatch(), vector: two) == [.fetch(since: two)])
        _ = machine.fetched(StoredBatch(), vector: two)
        // Nothing new and nothing said: a quiet connection still reads once a heartbeat.
        #expect(machine.replicaChanged(ReplicaChange(vector: two, withoutVector: 2)) == [])
        #expect(machine.recheck() == [.fetch(since: two)])
    }

    /// Operations in this node's own name are not refused on sight: signed by its certificate they are its
    /// own, taken back after a restore, so the replica verifies them like any other (a forged one is
    /// refused there, see `ApplyBatchTests` and `HostilePeerTests`).
    @Test func operationsInThisNodesNameGoToTheReplicaToBeVerified() {
        var machine = self.helloed()
        _ = machine.received(.vector(VersionVector()), localVector: VersionVector())
        let own = self.batch(self.operation(self.local, 4))
        let actions = machine.received(.operations(batch: 1, own), localVector: VersionVector([self.local: 3]))
        #expect(actions == [.apply(batch: 1, own)])
        #expect(machine.state == .syncing)
    }

    @Test func unexpectedMessagesAndUnknownAcksAreProtocolViolations() {
        var early = PeerSession.StateMachine(localNode: self.local, certifiedPeer: self.peer, window: 2)
        guard case .close(let refusal?)? = early.received(.vector(VersionVector()), localVector: VersionVector()).first else {
            Issue.record("expected a refusal"); return
        }
        #expect(refusal.code == .protocolViolation)
        var machine = self.helloed()
        _ = machine.received(.vector(VersionVector()), localVector: VersionVector())
        guard case .close(let ackRefusal?)? = machine.received(.ack(batch: 42, vector: VersionVector()), localVector: VersionVector()).first else {
            Issue.record("expected a refusal"); return
        }
        #expect(ackRefusal.code == .protocolViolation)
    }

    @Test func backoffGrowsToItsCapAndResets() {
        var backoff = Backoff(initialSeconds: 0.5, maximumSeconds: 8)
        var random = SystemRandomNumberGenerator()
        var ceilings: [Double] = []
        for _ in 0..<8 {
            ceilings.append(backoff.ceiling)
            let wait = backoff.next(using: &random)
            #expect(wait <= ceilings.last! && wait >= ceilings.last! / 10)
        }
        #expect(ceilings == [0.5, 1, 2, 4, 8, 8, 8, 8])
        backoff.reset()
        #expect(backoff.ceiling == 0.5)
    }
}
