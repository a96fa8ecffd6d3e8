import DocketCore
import Testing

@Suite struct ReplicaStateTests {
    @Test func localWritesTakeGaplessDotsAndTheRecordClock() {
        var office = ReplicaState(node: Fixtures.pudong)
        #expect(office.nextDot == Dot(node: Fixtures.pudong, seq: 1))
        let ref = RecordRef.created(by: office.nextDot, kind: .case)
        let first = office.write(Fixtures.openChanges(), to: ref, author: "李娜", now: 1000)
        let second = office.write([.status(.acknowledged)], to: ref, author: "李娜", now: 900)
        #expect(first.dot.seq == 1 && second.dot.seq == 2)
        #expect(first.clock == VectorClock())
        #expect(second.clock == VectorClock([Fixtures.pudong: 1]))
        #expect(second.timestamp > first.timestamp, "a wall clock going back still moves the hybrid clock on")
        #expect(office.vector == VersionVector([Fixtures.pudong: 2]))
    }

    @Test func anOperationAfterAGapIsRefusedAndChangesNothing() throws {
        var source = ReplicaState(node: Fixtures.pudong)
        let ref = RecordRef.created(by: source.nextDot, kind: .case)
        let operations = (0..<3).map { index in
            index == 0
                ? source.write(Fixtures.openChanges(), to: ref, author: "李娜", now: 1)
                : source.write([.text("summary", "漏水 \(index)")], to: ref, author: "李娜", now: 1)
        }
        var target = ReplicaState(node: Fixtures.chaoyang)
        #expect(try target.apply(operations[0]) == .next)
        let before = target.records
        #expect(throws: InputError(field: "seq", "operation sh-pudong:3 arrived before sh-pudong:2")) {
            try target.apply(operations[2])
        }
        #expect(target.records == before)
        #expect(target.vector == VersionVector([Fixtures.pudong: 1]))
        #expect(try target.apply(operations[0]) == .duplicate)
        #expect(try target.apply(operations[1]) == .next)
        #expect(try target.apply(operations[2]) == .next)
        #expect(target.records == source.records)
    }

    @Test func operationsMissingFromAVectorArePerOriginInSeqOrder() {
        var a = ReplicaState(node: Fixtures.pudong)
        var b = ReplicaState(node: Fixtures.chaoyang)
        for index in 1...3 {
            a.write([.text("summary", "上海 \(index)")], to: Fixtures.caseRef, author: "王磊", now: 1)
            b.write([.text("summary", "北京 \(index)")], to: Fixtures.caseRef, author: "李娜", now: 1)
        }
        a.receiveAll(from: b)
        let missing = a.operations(missingFrom: VersionVector([Fixtures.pudong: 1, Fixtures.chaoyang: 2]))
        #expect(missing.map(\.dot.description) == ["bj-chaoyang:3", "sh-pudong:2", "sh-pudong:3"])
        #expect(a.operations(missingFrom: a.vector).isEmpty)
        #expect(a.records[Fixtures.caseRef]?.conflictedFields == ["summary"])
    }
}
