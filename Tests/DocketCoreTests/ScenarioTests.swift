import DocketCore
import Testing

/// The offline situations domain.md describes, played out between offices.
@Suite struct ScenarioTests {
    /// Office A hands the case to 技术支持部 while office B, not knowing, marks it resolved.
    ///
    /// The handoff writes `status` too (back to being worked), so the two edits meet on `status`: the
    /// conflict is kept and shown by its least advanced step, and the new department stands.
    @Test func handoffConcurrentWithResolveIsAStatusConflict() throws {
        var shared = SharedCase()
        let view = shared.view(at: 0)
        shared.write(at: 0, minutes: 10, try Fixtures.handoff(view, to: "技术支持部", owner: "王磊"))
        let atB = shared.view(at: 1)
        shared.write(at: 1, minutes: 12, author: "李娜",
            try CaseDesk.move(atB, to: .resolved, reason: nil, now: Fixtures.morning, followUpDelay: 24 * Fixtures.hour))
        shared.syncAll()
        for office in shared.offices.indices {
            let merged = shared.view(at: office)
            #expect(merged.department == "技术支持部")
            #expect(merged.owner == "王磊")
            #expect(merged.conflictedFields == ["status"])
            #expect(merged.status == .investigating)
            #expect(merged.state.registers["status"]?.distinctValues.map(\.value.display).sorted()
                == ["investigating", "resolved"])
            #expect(merged.entries.map(\.entry.kind).sorted() == ["follow_up_plan", "handoff"])
        }
        #expect(shared.offices[0].records == shared.offices[1].records)
    }

    @Test func aClosedCaseIsReopenedBeforeItIsHandedOn() throws {
        var shared = SharedCase()
        shared.write(at: 0, minutes: 1, try CaseDesk.move(
            shared.view(at: 0), to: .closed, reason: "客户无需回访", now: Fixtures.morning, followUpDelay: 0))
        #expect {
            try Fixtures.handoff(shared.view(at: 0), to: "财务部", owner: "李娜")
        } throws: { ($0 as? InputError)?.field == "status" }
    }

    /// Two offices hand the same case to different departments at once.
    @Test func twoConcurrentHandoffsKeepBothEntriesAndConflictDepartmentAndOwner() throws {
        var shared = SharedCase()
        let toTech = try Fixtures.handoff(shared.view(at: 0), to: "技术支持部", owner: "王磊")
        let toFinance = try Fixtures.handoff(shared.view(at: 1), to: "财务部", owner: "李娜", reason: "客户要求退款")
        // Office B's handoff is later on the wall clock.
        shared.write(at: 0, minutes: 10, toTech)
        shared.write(at: 1, minutes: 25, toFinance)
        shared.write(at: 1, minutes: 26, try CaseDesk.move(
            shared.view(at: 1), to: .proposed, reason: nil, now: Fixtures.morning, followUpDelay: 0))
        shared.syncAll()

        for office in shared.offices.indices {
            let view = shared.view(at: office)
            let handoffs = view.entries.compactMap { record -> Handoff? in
                if case .handoff(let handoff) = record.entry { return handoff }
                return nil
            }
            #expect(handoffs.map(\.toDepartment) == ["技术支持部", "财务部"], "both handoffs kept, in time order")
            #expect(handoffs.allSatisfy { $0.fromDepartment == "客服中心" && $0.fromOwner == "李娜" })
            #expect(view.conflictedFields == ["department", "owner", "status"])
            // Department and owner show the latest write; status shows the least advanced step.
            #expect(view.department == "财务部")
            #expect(view.owner == "李娜")
            #expect(view.status == .investigating)
            #expect(view.state.registers["department"]?.distinctValues.map(\.value.display) == ["财务部", "技术支持部"])
        }
        #expect(shared.offices[0].records == shared.offices[1].records)
    }

    @Test func twoOfficesEditingDifferentFieldsBothSurvive() throws {
        var shared = SharedCase()
        shared.write(at: 0, minutes: 5, try CaseDesk.set([("emotion", .text("calm"))]))
        shared.write(at: 1, minutes: 6, try CaseDesk.set([("implicit_need", .text("希望上门时间在周末"))]))
        shared.syncAll()
        let view = shared.view(at: 1)
        #expect(view.text("emotion") == "calm")
        #expect(view.text("implicit_need") == "希望上门时间在周末")
        #expect(view.conflictedFields.isEmpty)
    }

    @Test func concurrentWritesOfTheSameValueAreNotAConflict() throws {
        var shared = SharedCase(officeCount: 3)
        for office in 0..<3 {
            shared.write(at: office, minutes: Int64(office), try CaseDesk.move(
                shared.view(at: office), to: .acknowledged, reason: nil, now: Fixtures.morning, followUpDelay: 0))
        }
        shared.syncAll()
        for office in 0..<3 {
            #expect(shared.view(at: office).status == .acknowledged)
            #expect(shared.view(at: office).conflictedFields.isEmpty)
            #expect(shared.state(at: office).registers["status"]?.values.count == 3)
        }
    }

    /// A person resolves the conflict at one office; every office that receives the resolution settles.
    @Test func aResolutionSettlesTheConflictEverywhere() throws {
        var shared = SharedCase(officeCount: 3)
        shared.write(at: 0, minutes: 10, try Fixtures.handoff(shared.view(at: 0), to: "技术支持部", owner: "王磊"))
        shared.write(at: 1, minutes: 10, try Fixtures.handoff(shared.view(at: 1), to: "财务部", owner: "李娜"))
        shared.syncAll()
        #expect(shared.view(at: 2).conflictedFields == ["department", "owner"])

        let state = shared.state(at: 2)
        let department = try CaseDesk.resolve(state, field: "department", pick: 2, value: nil)
        let owner = try CaseDesk.resolve(state, field: "owner", pick: nil, value: .text("陈静"))
        #expect(department == [.set(field: "department", value: .text("技术支持部"))])
        shared.write(at: 2, minutes: 30, author: "陈静", department + owner)
        #expect(shared.view(at: 2).conflictedFields.isEmpty)
        #expect(shared.view(at: 0).conflictedFields == ["department", "owner"], "not yet received")
        shared.syncAll()
        for office in 0..<3 {
            #expect(shared.view(at: office).conflictedFields.isEmpty)
            #expect(shared.view(at: office).department == "技术支持部")
            #expect(shared.view(at: office).owner == "陈静")
        }
    }

    @Test func resolveRefusesFieldsNotInConflictAndBadPicks() throws {
        var shared = SharedCase()
        #expect(throws: InputError.self) {
            try CaseDesk.resolve(shared.state(at: 0), field: "department", pick: 1, value: nil)
        }
        shared.write(at: 0, minutes: 1, [.text("summary", "空调漏水")])
        shared.write(at: 1, minutes: 1, [.text("summary", "空调仍漏水，地板受损")])
        shared.syncAll()
        let state = shared.state(at: 0)
        #expect(throws: InputError(field: "pick", "3 is not between 1 and 2")) {
            try CaseDesk.resolve(state, field: "summary", pick: 3, value: nil)
        }
        #expect(throws: InputError(field: "pick", "give exactly one of --pick N or --value V")) {
            try CaseDesk.resolve(state, field: "summary", pick: 1, value: .text("x"))
        }
        #expect(throws: InputError(field: "pick", "give exactly one of --pick N or --value V")) {
            try CaseDesk.resolve(state, field: "summary", pick: nil, value: nil)
        }
        #expect {
            try CaseDesk.resolve(state, field: "summary", pick: nil, value: .text(""))
        } throws: { ($0 as? InputError)?.field == "summary" }
    }

    /// An office whose clock runs five hours slow still merges by causality: its later write, made after
    /// seeing the other office's, replaces it even though its wall time is earlier.
    @Test func aNodeWithAWrongClockStillMergesByCausality() throws {
        var shared = SharedCase()
        // Office B (index 1) is five hours slow.
        shared.write(at: 0, minutes: 60, [.text("summary", "空调漏水")])
        shared.syncAll()
        let late = shared.write(at: 1, minutes: -300, [.text("summary", "空调漏水，已更换排水管")])
        #expect(late.timestamp > HLCTimestamp(millis: UInt64(Fixtures.morning + 60 * 60_000)),
            "the hybrid clock moved past the timestamp it observed")
        shared.syncAll()
        for office in 0..<2 {
            #expect(shared.view(at: office).summary == "空调漏水，已更换排水管")
            #expect(shared.view(at: office).conflictedFields.isEmpty)
        }

        // Concurrent writes: the conflict is kept whatever the clocks say; the display uses the hybrid clock.
        shared.write(at: 0, minutes: 120, [.text("details", "客户要求周末上门")])
        shared.write(at: 1, minutes: -280, [.text("details", "客户要求工作日上门")])
        shared.syncAll()
        for office in 0..<2 {
            #expect(shared.view(at: office).conflictedFields == ["details"])
            #expect(shared.view(at: office).text("details") == "客户要求周末上门")
        }
    }
}
