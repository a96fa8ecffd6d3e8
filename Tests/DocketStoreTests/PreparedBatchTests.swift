import DocketCodec
import DocketCore
import Testing

@testable import DocketStore

/// What is worked out ahead of a transaction is what the transaction would have worked out itself: the
/// order operations are applied in, the JSON of the clock and the entry, and the verdict of validation.
@Suite struct PreparedBatchTests {
    static let node = try! NodeID("gz-tianhe")

    static func operation(
        seq: UInt64, clock: VectorClock = VectorClock(), changes: [Change]
    ) throws -> EncodedOperation {
        try EncodedOperation(ReplicatedOperation(
            dot: Dot(node: Self.node, seq: seq), record: RecordRef(kind: .case, id: "GZ01-000001"), clock: clock,
            timestamp: HLCTimestamp(millis: 1_795_457_863_924), author: "黄敏", changes: changes))
    }

    @Test func preparedOperationsMatchWhatTheTransactionWouldWorkOut() throws {
        let other = try NodeID("sh-pudong")
        let entry = Entry.reopen(reason: "客户再次来电，称退款仍未到账")
        let appending = try Self.operation(
            seq: 2, clock: VectorClock([other: 7]), changes: [.append(entry: entry)])
        let setting = try Self.operation(seq: 1, changes: [.set(field: "summary", value: .text("空调安装后漏水"))])
        // Its clock claims to know the operation itself.
        let invalid = try Self.operation(
            seq: 3, clock: VectorClock([Self.node: 3]), changes: [.set(field: "summary", value: .text("x"))])

        let batch = try PreparedBatch(SignedBatch(operations: [invalid, appending, setting]), schema: .current)
        #expect(batch.operations.map(\.encoded.dot.seq) == [1, 2, 3], "applied in seq order whatever order they came in")

        let prepared = batch.operations[1]
        #expect(prepared.clockJSON == (try Coding.encode(appending.operation.clock)))
        #expect(prepared.entryJSON == (try Coding.encode(entry)))
        #expect(prepared.invalid == nil)
        #expect(batch.operations[0].entryJSON == nil, "an operation appending nothing has no entry")

        let error = #expect(throws: InputError.self) { try invalid.operation.validate(knowing: .current) }
        #expect(batch.operations[2].invalid == error?.description)
    }
}
