import DocketCore

/// Names and texts the tests share: real offices, departments and people, and Chinese case text.
enum Fixtures {
    static let pudong = try! NodeID("sh-pudong")
    static let chaoyang = try! NodeID("bj-chaoyang")
    static let tianhe = try! NodeID("gz-tianhe")
    static let wuhou = try! NodeID("cd-wuhou")
    static let headquarters = try! NodeID("hq")
    static let offices = [pudong, chaoyang, tianhe, wuhou, headquarters]

    static let departments = ["技术支持部", "财务部", "客服中心"]
    static let owners = ["王磊", "李娜", "张伟", "陈静"]
    static let summaries = ["客户投诉维修后空调仍漏水", "退款三周未到账", "安装师傅态度恶劣", "冰箱送货延误五天"]
    static let tags = ["漏水", "加急", "保修期内", "二次投诉"]
    static let traits = ["价格敏感型", "技术优先型", "注重效率"]

    /// 2026-11-23 09:00 Beijing time, in epoch milliseconds.
    static let morning: Int64 = 1_795_395_600_000
    static let hour: Int64 = 3_600_000

    static func intake(summary: String = "客户投诉维修后空调仍漏水", level: Level = .l3) -> CaseDesk.Intake {
        CaseDesk.Intake(
            customer: "cust-sh-pudong-1",
            channel: .phone,
            category: .repairQuality,
            motive: .compensation,
            level: level,
            emotion: .angry,
            summary: summary,
            details: "第二次上门维修后，室内机仍在滴水，地板已被泡坏。",
            explicitDemand: "免费更换整机",
            implicitNeed: "希望有人对地板损失负责",
            department: "客服中心",
            owner: "李娜"
        )
    }

    static func openChanges(summary: String = "客户投诉维修后空调仍漏水", level: Level = .l3, now: Int64 = morning)
        -> [Change]
    {
        try! CaseDesk.open(
            intake(summary: summary, level: level), ref: "SH01-000001", office: "SH01", openedBy: "李娜", now: now)
    }

    static func handoff(
        _ view: CaseView,
        to department: String,
        owner: String,
        reason: String = "需要工程师上门检测"
    ) throws -> [Change] {
        try CaseDesk.handoff(
            view,
            toDepartment: department,
            toOwner: owner,
            reason: reason,
            customerBackground: "老客户，去年购买三台空调",
            problemDetails: "维修后仍漏水，已两次上门",
            measuresTaken: "已致歉并登记投诉"
        )
    }

    static func contact(at: Int64 = morning) -> Entry {
        .contact(
            try! ContactLog(
                at: at,
                channel: .phone,
                participants: ["李娜", "客户王先生"],
                customerDemand: "尽快上门处理",
                keyIssues: "漏水导致地板受损",
                outcome: "约定明天上午上门",
                todos: [try! ContactLog.Todo(owner: "王磊", due: at + 24 * hour, plan: "带新排水管上门")]
            ))
    }

    static func commitment(due: Int64) -> Entry {
        .commitment(try! Commitment(text: "48小时内给出赔偿方案", owner: "王磊", due: due))
    }
}

extension ReplicatedOperation {
    /// A hand-made operation for scenario tests.
    static func make(
        _ node: NodeID,
        _ seq: UInt64,
        record: RecordRef = Fixtures.caseRef,
        clock: VectorClock = VectorClock(),
        at millis: UInt64 = 1,
        author: String = "王磊",
        _ changes: [Change]
    ) -> ReplicatedOperation {
        ReplicatedOperation(
            dot: Dot(node: node, seq: seq),
            record: record,
            clock: clock,
            timestamp: HLCTimestamp(millis: millis),
            author: author,
            changes: changes
        )
    }
}

extension Fixtures {
    static let caseRef = RecordRef(kind: .case, id: "case-sh-pudong-1")
    static let customerRef = RecordRef(kind: .customer, id: "cust-sh-pudong-1")
}

extension Change {
    static func status(_ status: CaseStatus) -> Change { .set(field: "status", value: .text(status.rawValue)) }
    static func text(_ field: String, _ value: String) -> Change { .set(field: field, value: .text(value)) }
}

extension ReplicaState {
    /// Delivers every operation `source` holds that this replica lacks.
    mutating func receiveAll(from source: ReplicaState) {
        for operation in source.operations(missingFrom: self.vector) {
            try! self.apply(operation)
        }
    }
}
