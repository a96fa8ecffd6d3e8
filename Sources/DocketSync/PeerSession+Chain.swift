import DocketCodec
import DocketCore
import DocketStore
import DocketWire

/// The signed half of a session: what goes out is cut at signed points, what comes in is verified whole.
extension PeerSession.Driver {
    /// What the peer lacks beyond `since`, signed: this node's own head is signed first if it is not yet
    /// (usually the commit watch has signed it already). Also the vector it was read against, kept for the
    /// rest of the event.
    mutating func fetch(since: VersionVector) async throws -> (batch: StoredBatch, vector: VersionVector) {
        let replica = self.session.replica
        let verifier = self.session.verifier
        let read = { [configuration = self.configuration, signer = self.session.signer] in
            try await replica.outgoingBatch(
                missingFrom: since, limit: configuration.batchOperations, byteBudget: configuration.batchBytes,
                signedBy: signer.certificate.fingerprint, isRevoked: { verifier.isRevoked($0) })
        }
        var outgoing = try await read()
        if outgoing.ownHeadUnsigned {
            // Whatever is committed after this signature waits for the next event, whose read signs it.
            try await replica.signOwnChain(with: self.session.signer)
            outgoing = try await read()
        }
        self.eventVector = outgoing.vector
        var batch = outgoing.batch
        if !self.sentResignatures {
            // After a certificate change the peer holds heads signed only by the old one: send it the new
            // signatures once per session, with the first batch.
            self.sentResignatures = true
            let extra = try await replica.resignedSignatures(upTo: self.machine.peerVector[replica.node])
            batch.signatures += extra.signatures.filter { !verifier.isRevoked($0.certificate) }
            let carried = Set(batch.certificates.map(\.fingerprint))
            batch.certificates += extra.certificates.filter { !carried.contains($0.fingerprint) }
        }
        return (batch, outgoing.vector)
    }

    /// Verifies and applies a batch; a forged or equivocating one ends the session with a refusal naming
    /// the origin, the seq and the reason.
    mutating func apply(batch: UInt64, _ signed: SignedBatch) async throws -> [PeerSession.StateMachine.Action] {
        do {
            let outcome = try await self.session.replica.apply(
                signed, verifier: self.session.verifier, source: "peer \(self.session.peer)",
                bound: .current(maximumLeadMillis: self.configuration.maximumClockLeadMillis))
            return await self.applied([(batch, signed.operations.map(\.dot))], outcome)
        } catch let error as StoreError {
            let hub = self.session.hub
            let code: PeerMessage.Refusal.Code
            switch error {
            case .outOfSequence: code = .outOfSequence
            case .forged(let dot, let refusal):
                code = .forged
                await hub.countForged()
                self.logger.error(
                    "refused forged operations", metadata: ["origin": "\(dot.node)", "seq": "\(dot.seq)", "reason": "\(refusal)"])
            case .equivocation(let evidence):
                code = .equivocation
                await hub.countEquivocation()
                self.logger.critical(
                    "equivocation: an office wrote two histories; the first is kept, the other kept as evidence",
                    metadata: ["origin": "\(evidence.dot.node)", "seq": "\(evidence.dot.seq)", "what": "\(evidence.what)"])
            default: code = .malformed
            }
            return self.machine.refuse(code, error.description)
        }
    }

    /// Applies batches the peer sent one after another. Several go in one transaction, and each is then
    /// acknowledged as if applied alone. When that transaction fails they are applied one at a time, so
    /// those before a refused one are kept and the refusal, with its evidence, names the one at fault.
    mutating func apply(_ group: [(batch: UInt64, operations: PendingBatch)]) async throws -> [PeerSession.StateMachine.Action] {
        guard group.count > 1 else { return try await self.applyAlone(group[0]) }
        let outcome: (outcome: Replica.ApplyOutcome, dots: [[Dot]])
        do {
            outcome = try await self.session.replica.apply(
                together: group.map { pending in { try pending.operations.signed() } }, verifier: self.session.verifier,
                bound: .current(maximumLeadMillis: self.configuration.maximumClockLeadMillis))
        } catch {
            var actions: [PeerSession.StateMachine.Action] = []
            for pending in group where self.machine.state != .closed {
                actions += try await self.applyAlone(pending)
            }
            // After a refusal there is nothing more to send: only the acks and the close go out.
            if self.machine.state == .closed {
                actions.removeAll { if case .fetch = $0 { true } else { false } }
            }
            return actions
        }
        return await self.applied(Array(zip(group.map(\.batch), outcome.dots)), outcome.outcome)
    }

    /// Decodes a batch that waited as received, and applies it on its own; bytes that do not decode are
    /// refused as any malformed frame is.
    private mutating func applyAlone(_ pending: (batch: UInt64, operations: PendingBatch)) async throws -> [PeerSession.StateMachine.Action] {
        let signed: SignedBatch
        do {
            signed = try pending.operations.signed()
        } catch let error as WireError {
            await self.session.hub.countFrameError()
            return self.machine.refuse(.malformed, error.description)
        }
        return try await self.apply(batch: pending.batch, signed)
    }

    /// The batches that arrived behind `first` and wait unhandled, to be applied with it: whole batches
    /// only, no more than half (rounded up) of the batches the peer may have in flight, and at most what
    /// one batch may carry in operations and signatures together, so a transaction never holds the writer
    /// much longer than one batch could. Half, so that while one transaction applies, the other half can be
    /// on its way: the next transaction then starts as large. What the peer may have in flight is the
    /// smaller window, its or this node's (an earlier build's is taken as 4). Only a syncing session applies, and there a batch always
    /// means its apply, so taking them ahead of their rings changes nothing else.
    mutating func waitingBatches(after first: SignedBatch) -> [(batch: UInt64, operations: PendingBatch)] {
        guard self.machine.state == .syncing else { return [] }
        var group: [(batch: UInt64, operations: PendingBatch)] = []
        var items = first.itemCount
        while group.count + 1 < (self.machine.sendWindow + 1) / 2,
            let next = self.inbox.takeBatch(maximumItems: PeerMessage.Limits.operationsPerBatch - items)
        {
            group.append((next.batch, next.operations))
            items += next.items
        }
        return group
    }

    /// Acknowledges batches that were applied (`outcome`), in order, and reports them.
    private mutating func applied(
        _ group: [(batch: UInt64, operations: [Dot])], _ outcome: Replica.ApplyOutcome
    ) async -> [PeerSession.StateMachine.Action] {
        let hub = self.session.hub
        self.eventVector = outcome.vector
        // Heard from the peer as of now: a run of batches takes longer to apply than one.
        self.lastReceived = .now
        let actions = self.machine.applied(group, vector: outcome.vector)
        await hub.countApplied(outcome.result.applied)
        await hub.replicaChanged(holding: outcome.vector)
        await hub.update(
            peer: self.session.peer, peerVector: self.machine.peerVector, localVector: outcome.vector,
            received: group.reduce(0) { $0 + $1.operations.count }, caughtUp: false)
        return actions
    }

    /// Tells the replica how far the peer holds this node's own operations, for recovery after a restore.
    mutating func notePeerHolds(_ seq: UInt64) async throws {
        let before = try await self.session.replica.recovery()
        let after = try await self.session.replica.notePeerHolds(ownOperationsUpTo: seq)
        if let after, let target = after.target, before?.target != target {
            self.logger.warning(
                "this node holds fewer of its own operations than a peer: taking them back before writing again",
                metadata: ["held": "\(after.held)", "target": "\(target)"])
        }
    }
}
