import DocketCore
import Testing

@Suite struct WorkflowTests {
    func check(_ from: CaseStatus, _ to: CaseStatus, reason: String? = nil, followUp: Bool = false) throws -> Workflow.Note {
        try Workflow.check(
            moving: Workflow.Context(current: from, hasCompletedFollowUp: followUp), to: to, reason: reason)
    }

    @Test func everyForwardMoveIsAllowedIncludingSkips() throws {
        for (i, from) in CaseStatus.allCases.enumerated() {
            for to in CaseStatus.allCases[(i + 1)...] where to != .closed {
                #expect(try self.check(from, to) == .none, "\(from) → \(to)")
            }
        }
        // An L1 question can go straight from received to resolved.
        #expect(try self.check(.received, .resolved) == .none)
    }

    @Test func theSameStatusIsRefused() {
        for status in CaseStatus.allCases {
            #expect(throws: InputError(field: "status", "the case is already \(status.rawValue)")) {
                try self.check(status, status, reason: "重复操作")
            }
        }
    }

    @Test func goingBackIsOnlyAReopenToInvestigatingWithAReason() throws {
        for from in CaseStatus.reopenable {
            #expect(try self.check(from, .investigating, reason: "  客户反馈仍漏水 ") == .reopen(reason: "客户反馈仍漏水"))
            #expect(throws: InputError(field: "reason", "a reopen needs a reason")) {
                try self.check(from, .investigating)
            }
            #expect(throws: InputError(field: "reason", "must not be empty")) {
                try self.check(from, .investigating, reason: "   ")
            }
        }
        for (i, from) in CaseStatus.allCases.enumerated() {
            for to in CaseStatus.allCases[..<i] where !(to == .investigating && CaseStatus.reopenable.contains(from)) {
                #expect(throws: InputError.self, "\(from) → \(to)") { try self.check(from, to, reason: "客户要求") }
                do {
                    _ = try self.check(from, to, reason: "客户要求")
                } catch let error as InputError {
                    #expect(error.field == "status")
                } catch {}
            }
        }
    }

    @Test func closingNeedsACompletedFollowUpOrAWaiverReason() throws {
        #expect(try self.check(.confirmed, .closed, followUp: true) == .none)
        #expect(try self.check(.resolved, .closed, reason: "客户拒绝回访") == .closeWaiver(reason: "客户拒绝回访"))
        #expect(throws: InputError(field: "reason", "closing needs a completed follow-up or a waiver reason")) {
            try self.check(.resolved, .closed)
        }
        #expect(try self.check(.received, .closed, reason: "重复登记") == .closeWaiver(reason: "重复登记"))
    }

    @Test func reasonsAreCheckedAsText() {
        #expect(throws: InputError(field: "reason", "contains control characters")) {
            try self.check(.resolved, .investigating, reason: "漏水\u{1B}[31m")
        }
        #expect {
            try self.check(.resolved, .investigating, reason: String(repeating: "漏", count: 1001))
        } throws: { ($0 as? InputError)?.field == "reason" }
    }

    @Test func statusOrderAndOpenness() {
        #expect(CaseStatus.allCases.map(\.rawValue) == [
            "received", "acknowledged", "investigating", "proposed", "in_action", "resolved", "confirmed", "closed",
        ])
        #expect(CaseStatus.allCases.filter(\.isOpen).count == 5)
        #expect(CaseStatus.inAction < .resolved)
        #expect(throws: InputError(field: "status", "'done' is not one of received, acknowledged, investigating, proposed, in_action, resolved, confirmed, closed")) {
            try CaseStatus(parsing: "done", field: "status")
        }
    }
}
