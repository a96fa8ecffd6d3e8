import DocketCore
import Foundation
import Testing

/// What an operation from elsewhere must satisfy before any replica stores it.
@Suite struct ValidationTests {
    func field(of operation: ReplicatedOperation) -> String? {
        do {
            try operation.validate()
            return nil
        } catch let error as InputError {
            return error.field
        } catch {
            return "\(error)"
        }
    }

    @Test func acceptsOperationsTheDesksMake() throws {
        let open = ReplicatedOperation.make(Fixtures.pudong, 1, Fixtures.openChanges())
        #expect(self.field(of: open) == nil)
        let customer = ReplicatedOperation.make(
            Fixtures.pudong, 2, record: Fixtures.customerRef,
            try CustomerDesk.add(name: "王建国", phone: nil, email: nil, salutation: "王先生", tier: .vip, notes: "只接受电话联系"))
        #expect(self.field(of: customer) == nil)
    }

    @Test func refusesMalformedOperationsNamingWhatIsWrong() {
        let a = Fixtures.pudong
        #expect(self.field(of: .make(a, 0, [.status(.received)])) == "dot")
        #expect(self.field(of: .make(a, 3, clock: VectorClock([a: 3]), [.status(.received)])) == "clock")
        #expect(self.field(of: .make(a, 1, author: " ", [.status(.received)])) == "author")
        #expect(self.field(of: .make(a, 1, [])) == "changes")
        #expect(self.field(of: .make(a, UInt64(Int64.max) + 1, [.status(.received)])) == "dot")
        #expect(self.field(of: .make(a, 1, at: HLCTimestamp.maximumMillis + 1, [.status(.received)])) == "timestamp")
        #expect(self.field(of: .make(a, 1, at: HLCTimestamp.maximumMillis, [.status(.received)])) == nil)
        #expect(self.field(of: .make(a, 1, Array(repeating: .status(.received), count: 65))) == "changes")
        #expect(self.field(of: .make(a, 1, [.append(entry: Fixtures.contact()), .append(entry: Fixtures.contact())])) == "changes")
        #expect(self.field(of: .make(a, 1, [.status(.received), .text("colour", "红")])) == "field")
        #expect(self.field(of: .make(a, 1, [.text("status", "done")])) == "status")
        #expect(self.field(of: .make(a, 1, [.set(field: "opened_at", value: .text("昨天"))])) == "opened_at")
        #expect(self.field(of: .make(a, 1, [.text("summary", "漏水\u{0}")])) == "summary")
        #expect(self.field(of: .make(a, 1, [.add(set: "feedback_dims", element: "价格")])) == "feedback_dims")
        #expect(self.field(of: .make(a, 1, [.add(set: "labels", element: "x")])) == "set")
        #expect(self.field(of: .make(a, 1, record: Fixtures.customerRef, [.append(entry: Fixtures.contact())])) == "entry")
        #expect(self.field(of: .make(a, 1, record: Fixtures.customerRef, [.text("department", "财务部")])) == "field")
    }

    /// Decoding skips the checking initializers, so an operation from a file or a peer could carry an entry
    /// or remedy no person here could have made. Validation must refuse it, naming the field.
    @Test(arguments: [
        ("已致歉并登记投诉", "", "measures_taken"),
        ("约定明天上午上门", "约定\\u001b[2J明天上门", "outcome"),
        ("\"score\":4", "\"score\":9", "score"),
        ("\"amount\":\"200\"", "\"amount\":\"两百\"", "remedy.amount"),
        ("\"reason\":\"客户反馈仍漏水\"", "\"reason\":\" \"", "reason"),
    ])
    func refusesDecodedEntriesAndRemediesThatBreakTheirRules(original: String, replacement: String, field: String) throws {
        let handoff = try Handoff(
            fromDepartment: "客服中心", fromOwner: "李娜", toDepartment: "技术支持部", toOwner: "王磊", reason: "需要检测",
            customerBackground: "老客户", problemDetails: "维修后仍漏水", measuresTaken: "已致歉并登记投诉")
        let entries: [Change] = [
            .append(entry: .handoff(handoff)), .append(entry: Fixtures.contact()),
            .append(entry: .followUp(try FollowUp(doneAt: 1, result: .satisfied, score: 4, comment: "满意"))),
            .set(field: "remedy", value: .remedy(try Remedy(kind: .refund, amount: "200", currency: "CNY", text: "退款"))),
            .append(entry: .reopen(reason: "客户反馈仍漏水")),
        ]
        for change in entries {
            let operation = ReplicatedOperation.make(Fixtures.chaoyang, 1, [change])
            #expect(self.field(of: operation) == nil)
            let json = String(decoding: try JSONEncoder().encode(operation), as: UTF8.self)
            guard json.contains(original) else { continue }
            let tampered = try JSONDecoder().decode(
                ReplicatedOperation.self, from: Data(json.replacingOccurrences(of: original, with: replacement).utf8))
            #expect(self.field(of: tampered) == field, "\(replacement)")
        }
    }

    @Test func remediesAreCheckedWhenMade() throws {
        let remedy = try Remedy(kind: .refund, amount: "199.50", currency: "CNY", text: "退还维修费")
        #expect(remedy.display == "refund 199.50 CNY 退还维修费")
        #expect(try Remedy(kind: .apology, amount: nil, currency: nil, text: "当面致歉").display == "apology 当面致歉")
        for amount in ["", "1.234", "-5", "1e3", "１００", "12.", ".5", "1234567890123456789"] {
            #expect(throws: InputError.self, "amount \(amount)") {
                try Remedy(kind: .refund, amount: amount, currency: "CNY", text: "退款")
            }
        }
        #expect { try Remedy(kind: .refund, amount: "200", currency: "cny", text: "退款") } throws: {
            ($0 as? InputError)?.field == "remedy.currency"
        }
        #expect { try Remedy(kind: .refund, amount: "200", currency: nil, text: "退款") } throws: {
            ($0 as? InputError)?.field == "remedy.currency"
        }
        #expect { try Remedy(kind: .gift, amount: nil, currency: nil, text: " ") } throws: {
            ($0 as? InputError)?.field == "remedy.text"
        }
    }

    @Test func entriesCheckTheirFieldsWhenMade() {
        #expect { try FollowUp(doneAt: 0, result: .satisfied, score: 6, comment: "") } throws: {
            ($0 as? InputError)?.field == "score"
        }
        #expect { try ContactLog(at: 0, channel: .phone, participants: [], customerDemand: "退款", keyIssues: "延误", outcome: "待定", todos: []) } throws: {
            ($0 as? InputError)?.field == "participants"
        }
        #expect { try ContactLog.Todo(owner: "王磊", due: nil, plan: "") } throws: { ($0 as? InputError)?.field == "todo.plan" }
        #expect { try Commitment(text: "三天内回复", owner: "", due: 0) } throws: { ($0 as? InputError)?.field == "owner" }
    }

    @Test func operationsRoundTripThroughJSONWithChineseTextIntact() throws {
        let remedy = try Remedy(kind: .replacement, amount: "3999", currency: "CNY", text: "更换新机")
        let operation = ReplicatedOperation.make(
            Fixtures.chaoyang, 4, clock: VectorClock([Fixtures.pudong: 2]), author: "李娜",
            [
                .text("summary", "客户投诉维修后空调仍漏水"), .set(field: "remedy", value: .remedy(remedy)),
                .set(field: "opened_at", value: .integer(Fixtures.morning)), .set(field: "motive", value: .null),
                .add(set: "tags", element: "漏水"),
                .remove(set: "tags", element: "加急", observed: [Dot(node: Fixtures.pudong, seq: 1)]),
                .append(entry: Fixtures.contact()),
            ])
        let data = try JSONEncoder().encode(operation)
        #expect(try JSONDecoder().decode(ReplicatedOperation.self, from: data) == operation)
        #expect(String(decoding: data, as: UTF8.self).contains("漏水"))
    }
}
