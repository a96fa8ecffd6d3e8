import DocketCore
import Testing

@Suite struct ConflictRuleTests {
    func value(_ node: NodeID, _ seq: UInt64, _ text: String, at millis: UInt64, counter: UInt32 = 0) -> RegisterValue {
        RegisterValue(
            dot: Dot(node: node, seq: seq), timestamp: HLCTimestamp(millis: millis, counter: counter), author: "王磊",
            value: .text(text))
    }

    @Test func statusShowsTheLeastAdvancedStepWhateverTheClocks() {
        let values = [
            self.value(Fixtures.pudong, 4, "resolved", at: 100),
            self.value(Fixtures.chaoyang, 2, "investigating", at: 50),
            self.value(Fixtures.tianhe, 9, "closed", at: 900),
        ]
        for order in MultiValueRegisterTests.permutations([0, 1, 2]) {
            #expect(ConflictRule.display(field: "status", values: order.map { values[$0] })?.value == .text("investigating"))
        }
    }

    @Test func everyPairOfStatusesShowsTheLowerOne() {
        for (i, low) in CaseStatus.allCases.enumerated() {
            for high in CaseStatus.allCases[i...] {
                let values = [
                    self.value(Fixtures.pudong, 1, high.rawValue, at: 999),
                    self.value(Fixtures.chaoyang, 1, low.rawValue, at: 1),
                ]
                #expect(ConflictRule.display(field: "status", values: values)?.value == .text(low.rawValue))
            }
        }
    }

    @Test func otherFieldsShowTheLatestHybridTimestampThenTheGreaterNode() {
        let earlier = self.value(Fixtures.pudong, 3, "技术支持部", at: 100)
        let later = self.value(Fixtures.chaoyang, 1, "财务部", at: 100, counter: 1)
        #expect(ConflictRule.display(field: "department", values: [earlier, later])?.value == .text("财务部"))
        #expect(ConflictRule.display(field: "department", values: [later, earlier])?.value == .text("财务部"))

        let tieA = self.value(Fixtures.pudong, 1, "客服中心", at: 200)
        let tieB = self.value(Fixtures.chaoyang, 1, "财务部", at: 200)
        // Same timestamp: "sh-pudong" > "bj-chaoyang".
        #expect(ConflictRule.display(field: "owner", values: [tieA, tieB])?.value == .text("客服中心"))
        #expect(ConflictRule.display(field: "owner", values: [tieB, tieA])?.value == .text("客服中心"))
        #expect(ConflictRule.display(field: "owner", values: []) == nil)
    }

    @Test func recordStateShowsTheRuleAndNullForUnwrittenFields() {
        var state = RecordState(ref: Fixtures.caseRef)
        #expect(state.displayValue(of: "department") == .null)
        state.apply(.make(Fixtures.pudong, 1, at: 10, [.text("department", "技术支持部"), .status(.resolved)]))
        state.apply(.make(Fixtures.chaoyang, 1, at: 20, [.text("department", "财务部"), .status(.inAction)]))
        #expect(state.conflictedFields == ["department", "status"])
        #expect(state.displayValue(of: "department") == .text("财务部"))
        #expect(state.displayValue(of: "status") == .text("in_action"))
        #expect(CaseView(state).status == .inAction)
    }
}

@Suite struct RecordStateTests {
    let a = Fixtures.pudong
    let b = Fixtures.chaoyang

    @Test func theClockCountsEachOriginsHighestOperationOnTheRecord() {
        var state = RecordState(ref: Fixtures.caseRef)
        state.apply(.make(a, 1, [.text("summary", "空调漏水")]))
        state.apply(.make(a, 5, clock: VectorClock([a: 1]), [.text("summary", "空调仍漏水")]))
        state.apply(.make(b, 2, clock: VectorClock([a: 1]), [.add(set: "tags", element: "漏水")]))
        #expect(state.clock == VectorClock([a: 5, b: 2]))
    }

    @Test func entriesAreAGrowOnlySetKeyedByDot() {
        var state = RecordState(ref: Fixtures.caseRef)
        let contact = ReplicatedOperation.make(a, 1, [.append(entry: Fixtures.contact())])
        let commitment = ReplicatedOperation.make(b, 1, [.append(entry: Fixtures.commitment(due: 5))])
        state.apply(contact)
        state.apply(commitment)
        state.apply(contact)
        #expect(state.entries.keys.sorted() == [Dot(node: b, seq: 1), Dot(node: a, seq: 1)])
        #expect(state.entries[Dot(node: a, seq: 1)]?.entry == Fixtures.contact())
        #expect(state.entries[Dot(node: a, seq: 1)]?.author == "王磊")
    }

    @Test func applyingTwiceChangesNothing() {
        let operations: [ReplicatedOperation] = [
            .make(a, 1, Fixtures.openChanges()),
            .make(b, 1, clock: VectorClock([a: 1]), [.status(.acknowledged), .add(set: "tags", element: "加急")]),
            .make(a, 2, clock: VectorClock([a: 1]), [.status(.investigating), .append(entry: Fixtures.contact())]),
        ]
        var once = RecordState(ref: Fixtures.caseRef)
        for operation in operations { once.apply(operation) }
        var twice = once
        for operation in operations.reversed() { twice.apply(operation) }
        #expect(once == twice)
        #expect(once.conflictedFields == ["status"])
    }
}
