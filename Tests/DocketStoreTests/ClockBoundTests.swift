import DocketCodec
import DocketCore
import DocketStore
import Testing

/// Operations dated absurdly far ahead are applied, but move this replica's clock no further than the
/// bound, leave local writes working, and are recorded against their origin; unstorable numbers are refused.
@Suite struct ClockBoundTests {
    static let now = Fixtures.morning

    static func customer(from node: NodeID, seq: UInt64 = 1, after previous: ChainHash = .zero, at timestamp: HLCTimestamp)
        -> ReplicatedOperation
    {
        ReplicatedOperation(
            dot: Dot(node: node, seq: seq), previous: previous, record: RecordRef(kind: .customer, id: "cust-\(node)-\(seq)"),
            clock: VectorClock(), timestamp: timestamp, author: "赵敏", changes: [.set(field: "name", value: .text("刘洋"))])
    }

    @Test func anAbsurdTimestampIsAppliedButMovesTheClockOnlyToTheBound() throws {
        let scratch = try Scratch()
        let replica = try scratch.replica(Fixtures.pudong)
        let absurd = Self.customer(from: Fixtures.chaoyang, at: HLCTimestamp(millis: 1 << 62, counter: UInt32.max))
        let bound = ClockBound(now: Self.now, maximumLeadMillis: 300_000)
        #expect(try replica.apply([absurd], signedBy: scratch.signing, bound: bound) == .init(applied: 1, duplicates: 0))

        let (_, written) = try replica.write(author: "王磊", now: Self.now) { writer in
            try writer.commit([.set(field: "name", value: .text("王建国"))], to: RecordRef(kind: .customer, id: "cust-sh-pudong-1"))
        }
        let stamp = try #require(written.first?.timestamp)
        #expect(stamp.millis <= UInt64(Self.now + 300_000))
        #expect(stamp > HLCTimestamp(millis: UInt64(Self.now)))

        let leads = try replica.clockLeads()
        #expect(leads.map(\.origin) == [Fixtures.chaoyang])
        #expect(leads.first?.leadMillis == Int64(1 << 62) - Self.now)
        #expect(leads.first?.seenAt == Self.now)
    }

    @Test func theLargestLeadPerOriginIsKept() throws {
        let scratch = try Scratch()
        let replica = try scratch.replica(Fixtures.pudong)
        let in2100: UInt64 = 4_102_444_800_000
        let first = Self.customer(from: Fixtures.tianhe, at: HLCTimestamp(millis: in2100))
        _ = try replica.apply([first], signedBy: scratch.signing, bound: ClockBound(now: Self.now))
        let second = Self.customer(
            from: Fixtures.tianhe, seq: 2, after: try EncodedOperation(first).hash,
            at: HLCTimestamp(millis: UInt64(Self.now) + 1000))
        _ = try replica.apply([second], signedBy: scratch.signing, bound: ClockBound(now: Self.now))
        // Behind the wall clock: nothing to record.
        _ = try replica.apply(
            [Self.customer(from: Fixtures.chaoyang, at: HLCTimestamp(millis: UInt64(Self.now) - 1000))],
            signedBy: scratch.signing, bound: ClockBound(now: Self.now))
        #expect(try replica.clockLeads() == [
            ClockLead(origin: Fixtures.tianhe, leadMillis: Int64(in2100) - Self.now, timestampMillis: Int64(in2100), seenAt: Self.now)
        ])
    }

    @Test func numbersNoReplicaCouldStoreAreRefusedAndNothingIsStored() throws {
        let scratch = try Scratch()
        let replica = try scratch.replica(Fixtures.pudong)
        let digest = try replica.stateDigest()
        let tooLate = Self.customer(from: Fixtures.chaoyang, at: HLCTimestamp(millis: UInt64(Int64.max) + 1))
        let tooFar = Self.customer(from: Fixtures.chaoyang, seq: UInt64(Int64.max) + 1, at: HLCTimestamp(millis: 1))
        for operation in [tooLate, tooFar] {
            #expect(throws: StoreError.self) {
                try replica.apply([operation], signedBy: scratch.signing, bound: ClockBound(now: Self.now))
            }
        }
        #expect(try replica.stateDigest() == digest)
    }
}
