import DocketCore
import DocketStore
import DocketTestSupport
import Foundation
import Testing

/// Admins and reports read the replica with plain SQL; the public queries answer the CLI.
@Suite struct QueriesTests {
    /// Two offices hand one case to different departments at once and sync: a conflict in the tables.
    static func concurrentHandoffs() throws -> (scratch: Scratch, a: Replica, b: Replica, ref: RecordRef) {
        let scratch = try Scratch()
        let a = try scratch.replica(Fixtures.pudong)
        let b = try scratch.replica(Fixtures.chaoyang)
        let ref = try a.openCase(customer: try a.addCustomer(name: "王建国"))
        try b.receive(from: a, signing: scratch.signing)
        try a.change(ref, now: Fixtures.morning + 10 * 60_000) { try Fixtures.handoff($0, to: "技术支持部", owner: "王磊") }
        try b.change(ref, now: Fixtures.morning + 20 * 60_000) { try Fixtures.handoff($0, to: "财务部", owner: "李娜") }
        try a.receive(from: b, signing: scratch.signing)
        try b.receive(from: a, signing: scratch.signing)
        return (scratch, a, b, ref)
    }

    @Test func conflictsAreListedWithTheirValuesAndTheShownOne() throws {
        let (scratch, a, b, ref) = try Self.concurrentHandoffs()
        defer { withExtendedLifetime(scratch) {} }
        #expect(try a.stateDigest() == (try b.stateDigest()))
        let conflicts = try a.conflicts()
        #expect(conflicts.map(\.field) == ["department", "owner"])
        let department = conflicts[0]
        #expect(department.record == ref)
        #expect(department.label == "SH01-000001")
        #expect(department.values.map(\.value.display) == ["财务部", "技术支持部"])
        #expect(department.displayed?.value == .text("财务部"), "the later handoff shows")
        #expect(try a.conflicts(of: RecordRef(kind: .case, id: "case-none")).isEmpty)
        #expect(try a.counts() == .init(operations: 4, cases: 1, customers: 1, openConflicts: 2))

        var filter = Replica.CaseFilter()
        filter.onlyConflicted = true
        #expect(try a.cases(matching: filter, now: Fixtures.morning, targets: ServiceTargets()).map(\.view.id) == [ref.id])
        filter = Replica.CaseFilter()
        filter.department = "财务部"
        let listed = try a.cases(matching: filter, now: Fixtures.morning, targets: ServiceTargets())
        #expect(listed.map(\.view.id) == [ref.id])
        #expect(listed.first?.customerName == "王建国")
        filter.department = "技术支持部"
        #expect(try a.cases(matching: filter, now: Fixtures.morning, targets: ServiceTargets()).isEmpty)

        // Resolving at one office settles it at the other once received.
        try b.change(ref, now: Fixtures.morning + Fixtures.hour) { view in
            try CaseDesk.resolve(view.state, field: "department", pick: 2, value: nil)
                + CaseDesk.resolve(view.state, field: "owner", pick: nil, value: .text("王磊"))
        }
        try a.receive(from: b, signing: scratch.signing)
        #expect(try a.conflicts().isEmpty)
        #expect(try a.caseView(ref.id).department == "技术支持部")
    }

    /// A case's row is updated in place and its indexed columns only when they change: read through each
    /// index, the row is found under its new status and reference, and no longer under the old.
    @Test(.enabled(if: SQLShell.isAvailable)) func indexedColumnsFollowTheCase() throws {
        let scratch = try Scratch()
        let replica = try scratch.replica(Fixtures.pudong)
        let ref = try replica.openCase(customer: try replica.addCustomer())
        let byStatus = "SELECT id FROM cases INDEXED BY cases_by_status WHERE status = "
        #expect(try SQLShell.rows(replica.path, byStatus + "'received'").count == 1)
        try replica.change(ref, now: Fixtures.morning) {
            try CaseDesk.move($0, to: .acknowledged, reason: nil, now: Fixtures.morning, followUpDelay: 0)
        }
        try replica.change(ref, now: Fixtures.morning) { try Fixtures.handoff($0, to: "技术支持部", owner: "王磊") }
        let status = try #require(try replica.caseView(ref.id).status).rawValue
        #expect(status != "received")
        #expect(try SQLShell.rows(replica.path, byStatus + "'received'").isEmpty)
        #expect(try SQLShell.rows(replica.path, byStatus + "'\(status)'").first?["id"] as? String == ref.id)
        let byRef = try SQLShell.rows(
            replica.path, "SELECT department FROM cases INDEXED BY cases_by_ref WHERE ref = 'SH01-000001'")
        #expect(byRef.first?["department"] as? String == "技术支持部")
        #expect(try SQLShell.rows(replica.path, "PRAGMA integrity_check").first?["integrity_check"] as? String == "ok")
    }

    @Test(.enabled(if: SQLShell.isAvailable)) func tablesAndViewsReadWithPlainSQLAndKeepChineseText() throws {
        let (scratch, a, _, ref) = try Self.concurrentHandoffs()
        // The directory must outlive the replica files the shell reads.
        defer { withExtendedLifetime(scratch) {} }
        try a.change(ref, now: Fixtures.morning + Fixtures.hour) { _ in
            [.append(entry: .commitment(try Commitment(text: "48小时内给出赔偿方案", owner: "王磊", due: Fixtures.morning)))]
        }
        try a.change(ref, now: Fixtures.morning + Fixtures.hour) { view in
            try CaseDesk.fulfil(view, commitment: Dot(node: Fixtures.pudong, seq: 4), note: "方案已发送")
        }
        try a.change(ref, now: Fixtures.morning + Fixtures.hour) { try CaseDesk.tag($0.state, set: "tags", element: "漏水", remove: false) }

        let cases = try SQLShell.rows(a.path, "SELECT id, ref, summary, department, owner, status, tags, conflicted_fields FROM cases")
        #expect(cases.count == 1)
        #expect(cases.first?["id"] as? String == ref.id)
        #expect(cases.first?["ref"] as? String == "SH01-000001")
        #expect(cases.first?["summary"] as? String == "客户投诉维修后空调仍漏水")
        #expect(cases.first?["department"] as? String == "财务部")
        #expect(cases.first?["owner"] as? String == "李娜")
        #expect(cases.first?["tags"] as? String == #"["漏水"]"#)
        #expect(cases.first?["conflicted_fields"] as? String == "department,owner")

        let conflicts = try SQLShell.rows(a.path, "SELECT record_id, field, writes, distinct_values FROM conflicts ORDER BY field")
        #expect(conflicts.map { $0["field"] as? String } == ["department", "owner"])
        #expect(conflicts.allSatisfy { $0["distinct_values"] as? Int == 2 && $0["record_id"] as? String == ref.id })

        let handoffs = try SQLShell.rows(
            a.path, "SELECT entry, from_department, to_department, to_owner, problem_details FROM handoffs ORDER BY at")
        #expect(handoffs.map { $0["to_department"] as? String } == ["技术支持部", "财务部"])
        #expect(handoffs.allSatisfy { $0["from_department"] as? String == "客服中心" })
        #expect(handoffs.first?["problem_details"] as? String == "维修后仍漏水，已两次上门")
        #expect(handoffs.map { $0["entry"] as? String } == ["sh-pudong:3", "bj-chaoyang:1"])

        let commitments = try SQLShell.rows(a.path, "SELECT entry, text, owner, fulfilled_by FROM commitments")
        #expect(commitments.first?["text"] as? String == "48小时内给出赔偿方案")
        #expect(commitments.first?["fulfilled_by"] as? String == "sh-pudong:5")

        let log = try SQLShell.rows(a.path, "SELECT origin, seq, author, changes FROM operations ORDER BY origin, seq")
        #expect(log.count == 7)
        #expect(log.contains { ($0["changes"] as? String)?.contains("财务部") == true && $0["origin"] as? String == "bj-chaoyang" })
        // The changes are JSON that plain SQL can take apart.
        let promised = try SQLShell.rows(a.path, """
            SELECT json_extract(changes, '$[0].append.entry.body.text') AS text FROM operations
            WHERE origin = 'sh-pudong' AND seq = 4 AND (SELECT COUNT(*) FROM operations WHERE json_valid(changes)) = 7
            """)
        #expect(promised.first?["text"] as? String == "48小时内给出赔偿方案")
        let vector = try SQLShell.rows(a.path, "SELECT origin, seq FROM version_vector ORDER BY origin")
        #expect(vector.map { "\($0["origin"]!):\($0["seq"]!)" } == ["bj-chaoyang:1", "sh-pudong:6"])
    }

    @Test func operationsMissingFromAVectorAreExactlyTheMissingOnesInSeqOrder() throws {
        let scratch = try Scratch()
        let a = try scratch.replica(Fixtures.pudong)
        let b = try scratch.replica(Fixtures.chaoyang)
        let ref = try a.openCase(customer: try a.addCustomer())
        try b.receive(from: a, signing: scratch.signing)
        for minute in 1...4 {
            try a.change(ref, now: Fixtures.morning + Int64(minute) * 60_000) { _ in [.append(entry: Fixtures.contact(at: Fixtures.morning))] }
            try b.change(ref, now: Fixtures.morning + Int64(minute) * 60_000) { _ in [.append(entry: Fixtures.contact(at: Fixtures.morning))] }
        }
        try a.receive(from: b, signing: scratch.signing)
        #expect(try a.vector() == VersionVector([Fixtures.pudong: 6, Fixtures.chaoyang: 4]))

        let asked = VersionVector([Fixtures.pudong: 3, Fixtures.chaoyang: 1, Fixtures.tianhe: 7])
        let missing = try a.operations(missingFrom: asked)
        #expect(missing.map(\.dot.description) == [
            "bj-chaoyang:2", "bj-chaoyang:3", "bj-chaoyang:4", "sh-pudong:4", "sh-pudong:5", "sh-pudong:6",
        ])
        #expect(try a.operations(missingFrom: try a.vector()).isEmpty)
        #expect(try a.operations(missingFrom: VersionVector()).count == 10)
        #expect(try a.operations(missingFrom: asked, limit: 4).map(\.dot.description) == [
            "bj-chaoyang:2", "bj-chaoyang:3", "bj-chaoyang:4", "sh-pudong:4",
        ])
    }

    /// The byte budget bounds a sync batch so it fits a frame; Chinese text takes three bytes a character.
    @Test func theByteBudgetCountsBytesNotCharacters() throws {
        let scratch = try Scratch()
        let a = try scratch.replica(Fixtures.pudong)
        let ref = try a.openCase(customer: try a.addCustomer())
        let details = String(repeating: "空调漏水地板受损", count: 125)
        for minute in 1...10 {
            try a.change(ref, now: Fixtures.morning + Int64(minute) * 60_000) { view in
                try CaseDesk.set([("details", .text("\(minute)\(details)"))])
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func size(_ operation: ReplicatedOperation) throws -> Int {
            try encoder.encode(operation.changes).count + encoder.encode(operation.clock).count + operation.record.id.utf8.count
        }
        let since = VersionVector([Fixtures.pudong: 2])
        let budget = 10_000
        let batch = try a.operations(missingFrom: since, byteBudget: budget)
        let sizes = try batch.map(size)
        #expect(sizes.allSatisfy { $0 > 3000 })
        #expect(sizes.dropLast().reduce(0, +) < budget, "only the last operation may pass the budget")
        #expect(batch.count == 4)
        #expect(try a.operations(missingFrom: since, byteBudget: 1).count == 1, "at least one operation")
    }

    @Test func overdueCasesAreListedAtTheTimeAsked() throws {
        let scratch = try Scratch()
        let a = try scratch.replica(Fixtures.pudong)
        let customer = try a.addCustomer()
        let urgent = try a.openCase(customer: customer, summary: "安装师傅态度恶劣", level: .l4)
        let routine = try a.openCase(customer: customer, summary: "退款三周未到账", level: .l3)
        var filter = Replica.CaseFilter()
        filter.onlyOverdue = true
        let at15 = try a.cases(matching: filter, now: Fixtures.morning + 15 * 60_000, targets: ServiceTargets())
        #expect(at15.map(\.view.id) == [urgent.id])
        #expect(at15.first?.overdue.labels == ["response"])
        let at3h = try a.cases(matching: filter, now: Fixtures.morning + 3 * Fixtures.hour, targets: ServiceTargets())
        #expect(Set(at3h.map(\.view.id)) == [urgent.id, routine.id])
        filter = Replica.CaseFilter()
        filter.level = .l3
        filter.status = .received
        #expect(try a.cases(matching: filter, now: Fixtures.morning, targets: ServiceTargets()).map(\.view.id) == [routine.id])
    }
}
