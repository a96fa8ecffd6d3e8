import DocketTestSupport
import Foundation
import Testing

/// Durations, dates and numbers a person types are parsed without trapping, checked against a sane range,
/// and refused in one line naming the flag; negative numbers get a message, not "Missing value".
@Suite struct TypedValueTests {
    let temporary: TemporaryDirectory
    let office: DocketProcess

    init() throws {
        self.temporary = try TemporaryDirectory()
        self.office = try self.temporary.shanghaiWithCustomer()
        try self.office.ok([
            "case", "open", "--customer", "cust-sh-pudong-1", "--channel", "phone", "--category", "delivery",
            "--level", "L2", "--emotion", "dissatisfied", "--summary", "快递延误三天未送达", "--department", "物流部",
            "--owner", "陈静",
        ])
    }

    func commit(due: String) -> [String] {
        ["case", "commit", "SH01-000001", "--text", "明天上午回电", "--owner", "陈静", "--due", due]
    }

    func note(_ extra: [String]) -> [String] {
        [
            "case", "note", "SH01-000001", "--channel", "phone", "--participant", "张伟", "--demand", "退款",
            "--issues", "延误", "--outcome", "同意",
        ]
            + extra
    }

    @Test func hugeDurationsAreRefusedNotCrashed() throws {
        for text in ["+9999999999999h", "+2562047789h", "+99999999999999999999999d", "+36601d"] {
            try self.office.expectRefused(self.commit(due: text), saying: "due: '\(text)' is longer than 100 years")
            try self.office.expectRefused(self.note(["--at", text]), saying: "at: ")
            try self.office.expectRefused(["case", "follow-up", "SH01-000001", "--schedule", text], saying: "schedule: ")
            try self.office.expectRefused(self.note(["--todo", "陈静|\(text)|回电"]), saying: "todo.due: ")
        }
        try self.office.expectRefused(self.commit(due: "+36000d"), saying: "due: '+36000d' is not between the years 2000 and 2099")
    }

    @Test func datesOutsideTheSaneRangeAreRefused() throws {
        try self.office.expectRefused(self.commit(due: "99999-01-01"), saying: "due: '99999-01-01' is not between the years 2000 and 2099")
        try self.office.expectRefused(self.commit(due: "2101-01-01"), saying: "due: '2101-01-01' is not between the years 2000 and 2099")
        try self.office.expectRefused(self.note(["--at", "1999-12-31"]), saying: "at: '1999-12-31' is not between")
    }

    @Test func aPromiseCannotBeDueBeforeItIsMade() throws {
        try self.office.expectRefused(self.commit(due: "2020-01-01"), saying: "due: '2020-01-01' (2020-01-01 00:00) is in the past; a promise cannot be due before it is made")
        try self.office.expectRefused(self.commit(due: "-3d"), saying: "due: '-3d'")
        try self.office.expectRefused(["case", "follow-up", "SH01-000001", "--schedule", "-1h"], saying: "schedule: '-1h'")
        try self.office.expectRefused(self.note(["--todo", "陈静|2020-01-01|回电"]), saying: "todo.due: '2020-01-01'")
        // Past times are fine where the past is meant: a conversation that took place two hours ago.
        try self.office.ok(self.note(["--at", "-2h"]))
        try self.office.ok(self.commit(due: "+24h"))
    }

    @Test func negativeNumbersSayWhatIsWrong() throws {
        let remedy = ["case", "remedy", "SH01-000001", "--kind", "refund", "--text", "退还运费"]
        try self.office.expectRefused(remedy + ["--amount", "-100", "--currency", "CNY"], saying: "amount: '-100' is negative")
        try self.office.expectRefused(["conflicts", "resolve", "SH01-000001", "status", "--pick", "-1"], saying: "pick: -1 is not a value's number")
        try self.office.expectRefused(
            ["case", "follow-up", "SH01-000001", "--result", "satisfied", "--score", "-1"], saying: "score: -1 is not between 1 and 5")
        try self.office.expectRefused(["certs", "ca", "--out", self.temporary.url.appendingPathComponent("ca").path, "--days", "-5"], saying: "days: -5 is not between 1 and 36500")
    }

    @Test func aCurrencyWithoutAnAmountIsRefused() throws {
        let remedy = ["case", "remedy", "SH01-000001", "--kind", "coupon", "--text", "赠送优惠券"]
        try self.office.expectRefused(remedy + ["--currency", "CNY"], saying: "currency: a currency needs an amount")
        try self.office.ok(remedy)
    }
}
