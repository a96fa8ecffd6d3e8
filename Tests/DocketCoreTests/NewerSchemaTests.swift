import DocketCore
import Foundation
import Testing

/// Operations written by a newer Docket: read without loss, accepted within bounds, merged like any other,
/// while operations of a schema this build knows stay held to its rules.
@Suite struct NewerSchemaTests {
    /// Changes as a newer office writes them: a new field, a new channel word, a remedy of a new kind,
    /// values of shapes schema 1 has no type for, a new entry kind, a contact by a new channel, a new set.
    static let newerChanges = #"""
        [{"set":{"field":"root_cause","value":"排水管安装坡度不足"}},\#
        {"set":{"field":"channel","value":"wechat"}},\#
        {"set":{"field":"remedy","value":{"kind":"voucher","text":"赠送保养券"}}},\#
        {"set":{"field":"visit_slots","value":[{"day":"周六","morning":true},2.5,false]}},\#
        {"append":{"entry":{"body":{"reason":"客户要求区域经理介入","to":"华东区域经理"},"kind":"escalation"}}},\#
        {"add":{"element":"回访优先","set":"service_flags"}}]
        """#

    static func decode(_ json: String) throws -> [Change] {
        try JSONDecoder().decode([Change].self, from: Data(json.utf8))
    }

    static func encode(_ changes: [Change]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(changes), as: UTF8.self)
    }

    static func operation(schema: UInt32, _ changes: [Change], record: RecordRef = Fixtures.caseRef) -> ReplicatedOperation {
        ReplicatedOperation(
            schema: schema, dot: Dot(node: Fixtures.pudong, seq: 1), record: record, clock: VectorClock(),
            timestamp: HLCTimestamp(millis: 1), author: "王磊", changes: changes)
    }

    /// The field an operation is refused for under `schema`, or nil when it is accepted.
    static func refusal(_ operation: ReplicatedOperation, knowing schema: DocketSchema = .current) -> String? {
        do {
            try operation.validate(knowing: schema)
            return nil
        } catch let error as InputError {
            return error.field
        } catch {
            return "\(error)"
        }
    }

    @Test func whatANewerDocketWritesReadsBackWithoutLoss() throws {
        let changes = try Self.decode(Self.newerChanges)
        #expect(changes[0] == .set(field: "root_cause", value: .text("排水管安装坡度不足")))
        #expect(changes[1] == .set(field: "channel", value: .text("wechat")))
        #expect(changes[2] == .set(field: "remedy", value: .json(.object(["kind": .string("voucher"), "text": .string("赠送保养券")]))))
        #expect(changes[4] == .append(entry: .untyped(
            kind: "escalation", body: .object(["reason": .string("客户要求区域经理介入"), "to": .string("华东区域经理")]))))
        let joined = Self.newerChanges.replacingOccurrences(of: "\n", with: "")
        #expect(try Self.encode(changes) == joined, "re-encoding gives back what the newer office wrote")
        #expect(try Self.decode(try Self.encode(changes)) == changes)
        // Beyond 64-bit integers a number is read as a double; the body keeps its exact digits.
        let large = try Self.decode(#"[{"set":{"field":"balance","value":-9223372036854775809}}]"#)
        #expect(large == [.set(field: "balance", value: .json(.number(-9.223372036854775809e18)))])
        #expect(Self.refusal(Self.operation(schema: 2, large)) == nil)
    }

    @Test func aKnownEntryKindWithAWordThisBuildLacksIsKeptUntyped() throws {
        let contact = try Self.encode([.append(entry: Fixtures.contact())])
        let newer = try Self.decode(contact.replacingOccurrences(of: #""channel":"phone""#, with: #""channel":"wechat""#))
        guard case .append(.untyped(let kind, let body)) = newer[0] else {
            Issue.record("expected an untyped entry, got \(newer)")
            return
        }
        #expect(kind == "contact")
        #expect(body["channel"] == .string("wechat"))
        #expect(body["customerDemand"] == .string("尽快上门处理"))
        #expect(try Self.encode(newer) == contact.replacingOccurrences(of: "phone", with: "wechat"))
        #expect(!DocketSchema.current.knows(newer[0], of: .case))
    }

    @Test func anOperationOfAKnownSchemaIsHeldToItsRules() throws {
        let changes = try Self.decode(Self.newerChanges)
        let expected = ["field", "channel", "remedy", "field", "entry", "set"]
        for (change, field) in zip(changes, expected) {
            #expect(Self.refusal(Self.operation(schema: 1, [change])) == field, "\(change)")
        }
        // Schema 2 as the test extension defines it knows the field, the word and the entry kind, and
        // holds a schema-2 operation to its limits: the new field is at most 2,000 characters there.
        let extended = DocketSchema.testExtension
        for change in [changes[0], changes[1], changes[4]] {
            #expect(Self.refusal(Self.operation(schema: 2, [change]), knowing: extended) == nil, "\(change)")
            #expect(Self.refusal(Self.operation(schema: 1, [change]), knowing: extended) != nil, "schema 1 has no \(change)")
        }
        let long = Change.text("root_cause", String(repeating: "坡", count: 2001))
        #expect(Self.refusal(Self.operation(schema: 2, [long]), knowing: extended) == "root_cause")
        #expect(Self.refusal(Self.operation(schema: 3, [long]), knowing: extended) == "root_cause", "a known field keeps its limit")
        #expect(Self.refusal(Self.operation(schema: 0, [.status(.received)])) == "schema")
    }

    @Test func anOperationOfANewerSchemaIsAcceptedWithItsUnknownParts() throws {
        let changes = try Self.decode(Self.newerChanges)
        #expect(Self.refusal(Self.operation(schema: 2, changes)) == nil)
        #expect(Self.refusal(Self.operation(schema: 2, changes + [.status(.received)])) == nil)
        let customer = Self.operation(
            schema: 7, [.text("wechat_id", "wang_jianguo"), .add(set: "traits", element: "夜间联系")],
            record: Fixtures.customerRef)
        #expect(Self.refusal(customer) == nil)
    }

    @Test(arguments: [
        (Change.text("summary", String(repeating: "漏", count: 501)), "summary"),
        (.text("channel", "we\u{7}chat"), "channel"),
        (.text("channel", String(repeating: "w", count: 101)), "channel"),
        (.set(field: "level", value: .integer(3)), "level"),
        (.set(field: "opened_at", value: .text("昨天")), "opened_at"),
        (.text("Root Cause", "坡度"), "field"),
        (.text("root_cause", String(repeating: "坡", count: 8001)), "root_cause"),
        (.text("root_cause", "坡度\u{0}"), "root_cause"),
        (.set(field: "notes_v2", value: .json(Self.nested(17))), "notes_v2"),
        (.set(field: "notes_v2", value: .json(.array(Array(repeating: .string("备注"), count: 4000)))), "notes_v2"),
        (.add(set: "feedback_dims", element: "价格\u{1B}"), "feedback_dims"),
        (.add(set: "Flags", element: "x"), "set"),
        (.append(entry: .untyped(kind: "Escalation!", body: .object([:]))), "entry kind"),
        (.append(entry: .followUp(try! FollowUp(doneAt: 1, result: .satisfied, score: 5, comment: "").withScore(9))), "score"),
    ])
    func aNewerSchemaStillMeetsTheLimitsOfWhatThisBuildKnows(change: Change, field: String) {
        #expect(Self.refusal(Self.operation(schema: 2, [change])) == field)
    }

    @Test func concurrentWritesToAnUnknownFieldAreAConflict() throws {
        var state = RecordState(ref: Fixtures.caseRef)
        let first = ReplicatedOperation(
            schema: 2, dot: Dot(node: Fixtures.pudong, seq: 1), record: Fixtures.caseRef, clock: VectorClock(),
            timestamp: HLCTimestamp(millis: 10), author: "王磊", changes: [.text("root_cause", "排水管坡度不足")])
        let second = ReplicatedOperation(
            schema: 2, dot: Dot(node: Fixtures.chaoyang, seq: 1), record: Fixtures.caseRef, clock: VectorClock(),
            timestamp: HLCTimestamp(millis: 20), author: "李娜", changes: [.text("root_cause", "密封圈老化")])
        state.apply(first)
        state.apply(second)
        #expect(state.conflictedFields == ["root_cause"])
        #expect(state.displayValue(of: "root_cause") == .text("密封圈老化"), "latest write shown, like any field")
        let settle = ReplicatedOperation(
            schema: 2, dot: Dot(node: Fixtures.pudong, seq: 2), record: Fixtures.caseRef,
            clock: VectorClock([Fixtures.pudong: 1, Fixtures.chaoyang: 1]), timestamp: HLCTimestamp(millis: 30),
            author: "王磊", changes: [.text("root_cause", "密封圈老化")])
        state.apply(settle)
        #expect(state.conflictedFields.isEmpty)
    }

    @Test func theRunningSchemaSaysWhatItCanRead() throws {
        let changes = try Self.decode(Self.newerChanges)
        let current = DocketSchema.current
        let extended = DocketSchema.testExtension
        #expect(current.version == 1 && extended.version == 2)
        #expect(changes.map { current.knows($0, of: .case) } == Array(repeating: false, count: 6))
        #expect(changes.map { extended.knows($0, of: .case) } == [true, true, false, false, true, false])
        #expect(extended.definition(of: 1)?.version == 1 && extended.definition(of: 3) == nil)
        #expect(current.knows(.text("phone"), in: "channel", of: .case))
        #expect(!extended.knows(.untyped(kind: "escalation", body: .object(["to": .string("经理")]))), "missing reason")
    }

    static func nested(_ depth: Int) -> JSONValue {
        depth == 0 ? .string("底") : .array([Self.nested(depth - 1)])
    }
}

extension FollowUp {
    /// The same follow-up with another score, as decoding can produce without the initializer's check.
    fileprivate func withScore(_ score: Int) throws -> FollowUp {
        let json = String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
            .replacingOccurrences(of: "\"score\":\(self.score)", with: "\"score\":\(score)")
        return try JSONDecoder().decode(FollowUp.self, from: Data(json.utf8))
    }
}
