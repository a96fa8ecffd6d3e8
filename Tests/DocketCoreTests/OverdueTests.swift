import DocketCore
import Testing

@Suite struct OverdueTests {
    let opened = Fixtures.morning
    let minute: Int64 = 60_000

    func view(level: Level, status: CaseStatus = .received, entries: [Entry] = []) -> CaseView {
        var state = RecordState(ref: Fixtures.caseRef)
        state.apply(.make(Fixtures.pudong, 1, Fixtures.openChanges(level: level, now: self.opened)))
        if status != .received {
            state.apply(.make(Fixtures.pudong, 2, clock: VectorClock([Fixtures.pudong: 1]), [.status(status)]))
        }
        for (index, entry) in entries.enumerated() {
            state.apply(.make(Fixtures.chaoyang, UInt64(index + 1), [.append(entry: entry)]))
        }
        return CaseView(state)
    }

    @Test func defaultTargetsFollowTheServiceDocuments() {
        let targets = ServiceTargets()
        #expect(targets[.l1] == .init(respondSeconds: 30 * 60, resolveSeconds: 24 * 3600))
        #expect(targets[.l3] == .init(respondSeconds: 2 * 3600, resolveSeconds: 72 * 3600))
        #expect(targets[.l4].respondSeconds == 10 * 60, "urgent matters within ten minutes")
        #expect(Level.allCases.allSatisfy { targets[$0].respondSeconds < targets[$0].resolveSeconds })
    }

    @Test func responseIsOverdueOnlyWhileStillReceivedPastTheTarget() {
        let targets = ServiceTargets()
        let l1 = self.view(level: .l1)
        #expect(!Overdue(l1, now: self.opened + 30 * self.minute, targets: targets).response)
        #expect(Overdue(l1, now: self.opened + 31 * self.minute, targets: targets).response)
        #expect(Overdue(l1, now: self.opened + 31 * self.minute, targets: targets).labels == ["response"])
        #expect(!Overdue(self.view(level: .l1, status: .acknowledged), now: self.opened + 31 * self.minute, targets: targets).isOverdue)
        let l4 = self.view(level: .l4)
        #expect(Overdue(l4, now: self.opened + 11 * self.minute, targets: targets).response)
    }

    @Test func resolutionIsOverdueWhileOpenPastTheTarget() {
        let targets = ServiceTargets()
        let late = self.opened + 73 * Fixtures.hour
        #expect(Overdue(self.view(level: .l3, status: .inAction), now: late, targets: targets).resolution)
        #expect(!Overdue(self.view(level: .l3, status: .inAction), now: self.opened + 71 * Fixtures.hour, targets: targets).resolution)
        #expect(!Overdue(self.view(level: .l3, status: .resolved), now: late, targets: targets).resolution)
        var custom = ServiceTargets()
        custom[.l3] = .init(respondSeconds: 60, resolveSeconds: 3600)
        #expect(Overdue(self.view(level: .l3, status: .proposed), now: self.opened + 2 * Fixtures.hour, targets: custom).resolution)
    }

    @Test func commitmentsPastDueWithoutFulfilmentAreOverdue() throws {
        let due = self.opened + 48 * Fixtures.hour
        let open = self.view(level: .l2, status: .acknowledged, entries: [Fixtures.commitment(due: due)])
        #expect(Overdue(open, now: due - 1, targets: ServiceTargets()).commitments.isEmpty)
        #expect(Overdue(open, now: due + 1, targets: ServiceTargets()).commitments == [Dot(node: Fixtures.chaoyang, seq: 1)])
        let kept = self.view(level: .l2, status: .acknowledged, entries: [
            Fixtures.commitment(due: due),
            .fulfilment(try Fulfilment(commitment: Dot(node: Fixtures.chaoyang, seq: 1), note: "已履行")),
        ])
        #expect(Overdue(kept, now: due + 1, targets: ServiceTargets()).commitments.isEmpty)
    }

    @Test func aPlannedFollowUpIsOverdueOnlyForAResolvedCaseWithoutOne() throws {
        let planned = self.opened + 24 * Fixtures.hour
        let plan = Entry.followUpPlan(FollowUpPlan(scheduledFor: planned))
        let resolved = self.view(level: .l1, status: .resolved, entries: [plan])
        #expect(!Overdue(resolved, now: planned, targets: ServiceTargets()).followUp)
        #expect(Overdue(resolved, now: planned + 1, targets: ServiceTargets()).followUp)
        #expect(Overdue(resolved, now: planned + 1, targets: ServiceTargets()).labels == ["follow_up"])
        let done = self.view(level: .l1, status: .resolved, entries: [
            plan, .followUp(try FollowUp(doneAt: planned, result: .partly, score: 3, comment: "基本满意")),
        ])
        #expect(!Overdue(done, now: planned + 1, targets: ServiceTargets()).followUp)
        #expect(!Overdue(self.view(level: .l1, status: .closed, entries: [plan]), now: planned + 1, targets: ServiceTargets()).followUp)
    }
}
