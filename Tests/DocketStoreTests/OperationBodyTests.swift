import DocketCodec
import DocketCore
import Testing

/// The schema version in an operation's body: right after the body version, covered by the hash, and
/// read back exactly, whatever a newer Docket put in the changes.
@Suite struct OperationBodyTests {
    static func operation(schema: UInt32, _ changes: [Change]) -> ReplicatedOperation {
        ReplicatedOperation(
            schema: schema, dot: Dot(node: Fixtures.pudong, seq: 3), record: RecordRef(kind: .case, id: "case-sh-pudong-1"),
            clock: VectorClock([Fixtures.chaoyang: 2]), timestamp: HLCTimestamp(millis: UInt64(Fixtures.morning), counter: 1),
            author: "王磊", changes: changes)
    }

    static let newerChanges: [Change] = [
        .set(field: "root_cause", value: .text("排水管安装坡度不足")),
        .set(field: "remedy", value: .json(.object(["kind": .string("voucher"), "text": .string("赠送保养券")]))),
        .append(entry: .untyped(kind: "escalation", body: .object(["to": .string("华东区域经理"), "reason": .string("区域经理介入")]))),
    ]

    @Test(arguments: [UInt32(1), 2, 127, 128, 300, UInt32.max])
    func theSchemaVersionFollowsTheBodyVersionAndRoundTrips(schema: UInt32) throws {
        let written = try EncodedOperation(Self.operation(schema: schema, Self.newerChanges))
        var expected = ByteWriter()
        expected.write(byte: 1)
        expected.write(varint: UInt64(schema))
        expected.write(string: "sh-pudong")
        #expect(Array(written.body.prefix(expected.bytes.count)) == expected.bytes)

        let read = try EncodedOperation(body: written.body)
        #expect(read.operation == written.operation)
        #expect(read.operation.schema == schema)
        #expect(try EncodedOperation(read.operation).body == written.body, "one operation, one body")
        #expect(read.hash == written.hash)
    }

    @Test func theHashCoversTheSchemaVersion() throws {
        let one = try EncodedOperation(Self.operation(schema: 1, [.set(field: "level", value: .text("L2"))]))
        let two = try EncodedOperation(Self.operation(schema: 2, [.set(field: "level", value: .text("L2"))]))
        #expect(one.body.count == two.body.count && one.body.dropFirst(2) == two.body.dropFirst(2))
        #expect(one.hash != two.hash)
    }

    @Test(arguments: [
        ([UInt8]([1, 0]), "schema version 0 out of range"),
        ([1, 0x80, 0x80, 0x80, 0x80, 0x10], "schema version 4294967296 out of range"),
        ([2, 1], "operation body version 2 is unknown"),
        ([1], "ends early"),
    ])
    func aBodyWithAnImpossibleSchemaVersionIsRefused(prefix: [UInt8], message: String) throws {
        let body = try EncodedOperation(Self.operation(schema: 1, [.set(field: "level", value: .text("L2"))])).body
        #expect(throws: CodecError(message)) {
            try EncodedOperation(body: prefix + (prefix.count > 1 ? Array(body.dropFirst(2)) : []))
        }
    }
}
