import DocketCore
import Testing

@Suite struct CaseDeskTests {
    let delay = 24 * Fixtures.hour

    func caseAt(_ status: CaseStatus, entries: [Entry] = []) -> CaseView {
        var state = RecordState(ref: Fixtures.caseRef)
        state.apply(.make(Fixtures.pudong, 1, Fixtures.openChanges()))
        state.apply(.make(Fixtures.pudong, 2, clock: VectorClock([Fixtures.pudong: 1]), [.status(status)]))
        for (index, entry) in entries.enumerated() {
            state.apply(.make(Fixtures.chaoyang, UInt64(index + 1), [.append(entry: entry)]))
        }
        return CaseView(state)
    }

    @Test func openRegistersAReceivedCaseWithEveryField() throws {
        let changes = Fixtures.openChanges()
        var state = RecordState(ref: Fixtures.caseRef)
        state.apply(.make(Fixtures.pudong, 1, changes))
        let view = CaseView(state)
        #expect(view.status == .received)
        #expect(view.summary == "客户投诉维修后空调仍漏水")
        #expect(view.department == "客服中心")
        #expect(view.owner == "李娜")
        #expect(view.level == .l3)
        #expect(view.ref == "SH01-000001")
        #expect(view.openedAt == Fixtures.morning)
        #expect(view.text("implicit_need") == "希望有人对地板损失负责")
        #expect(throws: Never.self) { try ReplicatedOperation.make(Fixtures.pudong, 1, changes).validate() }
    }

    @Test func openRefusesAnEmptySummaryNamingIt() {
        #expect {
            try CaseDesk.open(Fixtures.intake(summary: "  "), ref: "SH01-000001", office: "SH01", openedBy: "李娜", now: 0)
        } throws: { ($0 as? InputError)?.field == "summary" }
    }

    @Test func moveToResolvedPlansAFollowUpOnce() throws {
        let now = Fixtures.morning
        let changes = try CaseDesk.move(self.caseAt(.inAction), to: .resolved, reason: nil, now: now, followUpDelay: self.delay)
        #expect(changes == [
            .status(.resolved), .append(entry: .followUpPlan(FollowUpPlan(scheduledFor: now + self.delay))),
        ])
        let planned = self.caseAt(.inAction, entries: [.followUpPlan(FollowUpPlan(scheduledFor: now))])
        #expect(try CaseDesk.move(planned, to: .resolved, reason: nil, now: now, followUpDelay: self.delay) == [.status(.resolved)])
    }

    @Test func moveRecordsAReopenAndACloseWaiver() throws {
        #expect(try CaseDesk.move(self.caseAt(.closed), to: .investigating, reason: "客户反馈仍漏水", now: 0, followUpDelay: 0)
            == [.status(.investigating), .append(entry: .reopen(reason: "客户反馈仍漏水"))])
        #expect(try CaseDesk.move(self.caseAt(.resolved), to: .closed, reason: "客户拒绝回访", now: 0, followUpDelay: 0)
            == [.status(.closed), .append(entry: .closeWaiver(reason: "客户拒绝回访"))])
        let followedUp = self.caseAt(.confirmed, entries: [.followUp(try FollowUp(doneAt: 1, result: .satisfied, score: 5, comment: "满意"))])
        #expect(followedUp.hasCompletedFollowUp)
        #expect(try CaseDesk.move(followedUp, to: .closed, reason: nil, now: 0, followUpDelay: 0) == [.status(.closed)])
        #expect(throws: InputError.self) {
            try CaseDesk.move(self.caseAt(.proposed), to: .received, reason: "误操作", now: 0, followUpDelay: 0)
        }
    }

    @Test func setRefusesFixedFieldsStatusAndUnknownFields() throws {
        #expect(throws: InputError(field: "ref", "is fixed when the case is opened")) {
            try CaseDesk.set([("ref", .text("SH01-9"))])
        }
        #expect(throws: InputError(field: "status", "use 'docket case status' so the workflow rules apply")) {
            try CaseDesk.set([("status", .text("closed"))])
        }
        #expect { try CaseDesk.set([("colour", .text("红"))]) } throws: { ($0 as? InputError)?.field == "field" }
        #expect { try CaseDesk.set([("level", .text("L9"))]) } throws: { ($0 as? InputError)?.field == "level" }
        #expect(throws: InputError(field: "field", "name at least one field to set")) { try CaseDesk.set([]) }
        #expect(try CaseDesk.set([("motive", .null), ("details", .text(""))]).count == 2, "optional fields may be cleared")
        #expect { try CaseDesk.set([("summary", .null)]) } throws: { ($0 as? InputError)?.field == "summary" }
    }

    @Test func handoffCarriesTheContextAndMovesDepartmentOwnerAndStatus() throws {
        let changes = try Fixtures.handoff(self.caseAt(.acknowledged), to: "技术支持部", owner: "王磊")
        guard case .append(.handoff(let handoff)) = changes.first else {
            Issue.record("no handoff entry in \(changes)")
            return
        }
        #expect(handoff.fromDepartment == "客服中心" && handoff.fromOwner == "李娜")
        #expect(handoff.problemDetails == "维修后仍漏水，已两次上门")
        #expect(changes.dropFirst() == [.text("department", "技术支持部"), .text("owner", "王磊"), .status(.investigating)])
        let later = try Fixtures.handoff(self.caseAt(.inAction), to: "财务部", owner: "王磊")
        #expect(later.last == .status(.inAction), "a case further along keeps its step")
        #expect(throws: InputError(field: "to_owner", "the case is already with 李娜 in 客服中心")) {
            try Fixtures.handoff(self.caseAt(.received), to: "客服中心", owner: "李娜")
        }
        #expect {
            try CaseDesk.handoff(self.caseAt(.received), toDepartment: "财务部", toOwner: "王磊", reason: "退款",
                customerBackground: "老客户", problemDetails: "退款未到账", measuresTaken: "")
        } throws: { ($0 as? InputError)?.field == "measures_taken" }
    }

    @Test func acceptAndFulfilReferToExistingEntriesOnce() throws {
        let handoff = try Handoff(fromDepartment: "客服中心", fromOwner: "李娜", toDepartment: "技术支持部", toOwner: "王磊",
            reason: "需要检测", customerBackground: "老客户", problemDetails: "漏水", measuresTaken: "已致歉")
        let view = self.caseAt(.investigating, entries: [.handoff(handoff), Fixtures.commitment(due: 10)])
        let handoffDot = Dot(node: Fixtures.chaoyang, seq: 1)
        let commitmentDot = Dot(node: Fixtures.chaoyang, seq: 2)
        let acceptance = try CaseDesk.accept(view, handoff: handoffDot, note: "已接手")
        #expect(acceptance == [.append(entry: .acceptance(try HandoffAcceptance(handoff: handoffDot, note: "已接手")))])
        #expect { try CaseDesk.accept(view, handoff: commitmentDot, note: "") } throws: { ($0 as? InputError)?.field == "handoff" }
        #expect(try CaseDesk.fulfil(view, commitment: commitmentDot, note: "方案已发送").count == 1)
        #expect { try CaseDesk.fulfil(view, commitment: handoffDot, note: "") } throws: { ($0 as? InputError)?.field == "commitment" }

        let done = self.caseAt(.investigating, entries: [
            .handoff(handoff), Fixtures.commitment(due: 10),
            .acceptance(try HandoffAcceptance(handoff: handoffDot, note: "")),
            .fulfilment(try Fulfilment(commitment: commitmentDot, note: "")),
        ])
        #expect(throws: InputError(field: "handoff", "\(handoffDot) was already accepted")) {
            try CaseDesk.accept(done, handoff: handoffDot, note: "")
        }
        #expect(throws: InputError(field: "commitment", "\(commitmentDot) was already fulfilled")) {
            try CaseDesk.fulfil(done, commitment: commitmentDot, note: "")
        }
    }

    @Test func tagAddsOnceAndRemovesTheObservedTags() throws {
        var state = self.caseAt(.received).state
        #expect(try CaseDesk.tag(state, set: "tags", element: "漏水", remove: false) == [.add(set: "tags", element: "漏水")])
        state.apply(.make(Fixtures.tianhe, 1, [.add(set: "tags", element: "漏水")]))
        state.apply(.make(Fixtures.wuhou, 1, [.add(set: "tags", element: "漏水")]))
        #expect(throws: InputError(field: "tags", "'漏水' is already present")) {
            try CaseDesk.tag(state, set: "tags", element: "漏水", remove: false)
        }
        #expect(try CaseDesk.tag(state, set: "tags", element: "漏水", remove: true) == [
            .remove(set: "tags", element: "漏水", observed: [Dot(node: Fixtures.wuhou, seq: 1), Dot(node: Fixtures.tianhe, seq: 1)]),
        ])
        #expect(throws: InputError(field: "tags", "'加急' is not present")) {
            try CaseDesk.tag(state, set: "tags", element: "加急", remove: true)
        }
        #expect { try CaseDesk.tag(state, set: "feedback_dims", element: "价格", remove: false) } throws: {
            ($0 as? InputError)?.field == "feedback_dims"
        }
        #expect { try CaseDesk.tag(state, set: "labels", element: "x", remove: false) } throws: {
            ($0 as? InputError)?.field == "set"
        }
    }
}

@Suite struct CustomerDeskTests {
    @Test func addDefaultsTheTierAndChecksFields() throws {
        let changes = try CustomerDesk.add(name: "李总", phone: "13912345678", email: nil, salutation: "李总", tier: nil, notes: nil)
        #expect(changes.contains(.text("tier", "regular")))
        #expect(changes.contains(.text("salutation", "李总")))
        #expect { try CustomerDesk.add(name: "", phone: nil, email: nil, salutation: nil, tier: .vip, notes: nil) } throws: {
            ($0 as? InputError)?.field == "name"
        }
        #expect { try CustomerDesk.set([("tier", .text("platinum"))]) } throws: { ($0 as? InputError)?.field == "tier" }
        #expect { try CustomerDesk.set([("status", .text("open"))]) } throws: { ($0 as? InputError)?.field == "field" }
        #expect(throws: InputError.self) { try CustomerDesk.set([]) }
    }
}
