import DocketCore
import DocketStore
import Foundation

/// The demo's story, told with the same replica API the commands use, while the daemons replicate.
struct DemoStory {
    let offices: DemoOffices
    let now: Int64

    private func replica(_ id: String) throws -> Replica { try Replica.open(at: self.offices[id].replicaPath) }

    private func say(_ text: String) { print(text) }

    func run() throws {
        self.say("== Three offices under \(self.offices.root): headquarters (hq) and branches sh-pudong (上海浦东) and bj-chaoyang (北京朝阳)")
        try self.offices.start("hq")
        try self.offices.start("sh-pudong")
        try self.offices.start("bj-chaoyang")
        self.say("Started three 'docket serve' daemons on 127.0.0.1; the branches dial headquarters over TLS (port \(self.offices.hqPort))")

        // 1. Each office registers its own customers and cases.
        let zhang = try self.customer(at: "sh-pudong", author: "王磊", name: "张伟", salutation: "张先生", tier: .gold, trait: "技术优先型")
        let leak = try self.openCase(at: "sh-pudong", author: "王磊", CaseDesk.Intake(
            customer: zhang, channel: .hotline, category: .repairQuality, motive: .compensation, level: .l3, emotion: .angry,
            summary: "空调维修后仍然漏水，客户要求上门复检", explicitDemand: "免费上门复检并赔偿地板损失",
            implicitNeed: "希望有人对结果负责", department: "客服中心", owner: "王磊"))
        let li = try self.customer(at: "bj-chaoyang", author: "赵敏", name: "李建国", salutation: "李总", tier: .vip, trait: "价格敏感型")
        let billing = try self.openCase(at: "bj-chaoyang", author: "刘洋", CaseDesk.Intake(
            customer: li, channel: .phone, category: .staffError, level: .l2, emotion: .dissatisfied,
            summary: "账单重复扣款 1,280 元", department: "财务部", owner: "刘洋"))
        _ = try self.replica("bj-chaoyang").write(author: "刘洋", now: self.now) { writer in
            let view = try writer.findCase(billing)
            try writer.commit([.append(entry: .commitment(try Commitment(
                text: "两个工作日内退回重复扣款并电话告知李总", owner: "刘洋", due: self.now - 3_600_000)))], to: view.state.ref)
        }
        let zhou = try self.customer(at: "hq", author: "孙丽", name: "周杰", salutation: nil, tier: .regular, trait: nil)
        let delivery = try self.openCase(at: "hq", author: "孙丽", CaseDesk.Intake(
            customer: zhou, channel: .online, category: .delivery, level: .l1, emotion: .calm,
            summary: "快递延误三天未送达", department: "物流部", owner: "陈静"))
        self.say("Opened \(leak) at 上海 (漏水, L3), \(billing) at 北京 (重复扣款, a promise already overdue), \(delivery) at headquarters")
        guard let digest = try self.offices.waitUntilConverged(["hq", "sh-pudong", "bj-chaoyang"]) else {
            throw InputError(field: "demo", "the offices did not converge; see the serve.log files under \(self.offices.root)")
        }
        self.say("All three converged live: state digest \(digest.prefix(16))…")

        // 2. Beijing's line goes down; both sides keep working.
        self.offices.stop("bj-chaoyang")
        self.say("\nBeijing is cut off (its daemon stopped). Meanwhile:")
        _ = try self.replica("sh-pudong").write(author: "王磊", now: self.now + 60_000) { writer in
            let view = try writer.findCase(leak)
            try writer.commit(try CaseDesk.handoff(
                view, toDepartment: "技术支持部", toOwner: "李娜", reason: "需要工程师判断漏水原因",
                customerBackground: "金卡客户，第二次报修，情绪激动", problemDetails: "更换密封圈后仍漏水，地板受损",
                measuresTaken: "已致歉并登记复检需求"), to: view.state.ref)
        }
        self.say("  上海 hands \(leak) to 技术支持部/李娜 (reaches headquarters at once)")
        _ = try self.replica("bj-chaoyang").write(author: "赵敏", now: self.now + 90_000) { writer in
            let view = try writer.findCase(leak)
            try writer.commit(try CaseDesk.move(view, to: .resolved, reason: nil, now: writer.now, followUpDelay: 86_400_000), to: view.state.ref)
            let other = try writer.findCase(billing)
            try writer.commit([.append(entry: .contact(try ContactLog(
                at: writer.now, channel: .phone, participants: ["赵敏", "李总"], customerDemand: "尽快退款",
                keyIssues: "重复扣款原因不明", outcome: "承诺今天内给出答复", todos: [])))], to: other.state.ref)
        }
        self.say("  北京, offline, marks \(leak) resolved and logs a call with 李总 — its staff keep working")

        // 3. The line comes back.
        try self.offices.start("bj-chaoyang")
        guard let healed = try self.offices.waitUntilConverged(["hq", "sh-pudong", "bj-chaoyang"]) else {
            throw InputError(field: "demo", "the offices did not converge after healing; see the serve.log files under \(self.offices.root)")
        }
        let vector = try self.replica("hq").vector()
        self.say("\nBeijing is back. All three hold \(vector) with the same state digest \(healed.prefix(16))…")
        for id in ["hq", "sh-pudong", "bj-chaoyang"] {
            for conflict in try self.replica(id).conflicts() {
                let values = conflict.values.map { "\($0.value.display) (\($0.author) at \($0.dot.node))" }
                self.say("  \(id) sees a conflict on \(conflict.label ?? conflict.record.id) \(conflict.field): "
                    + values.joined(separator: " vs ") + "; shown as \(conflict.displayed?.value.display ?? "-")")
            }
        }
        var overdue = Replica.CaseFilter()
        overdue.onlyOverdue = true
        let late = try self.replica("hq").cases(matching: overdue, now: self.now, targets: ServiceTargets())
        self.say("  overdue everywhere: " + late.map { "\($0.view.ref ?? $0.view.id) (\($0.overdue.labels.joined(separator: ",")))" }.joined(separator: ", "))

        let hq = self.offices["hq"].directory
        let bj = self.offices["bj-chaoyang"].directory
        self.say("""

            Look further (the offices are kept under \(self.offices.root)):
              export PATH="\((self.offices.executable as NSString).deletingLastPathComponent):$PATH"
              export DOCKET_DATA_DIR=\(hq)        # work as headquarters
              docket status
              docket conflicts show \(leak)
              docket case show \(leak)
              docket history \(leak)
              DOCKET_DATA_DIR=\(bj) docket conflicts resolve \(leak) status --pick 2 --as 主管孙丽
              sqlite3 \(hq)/replica.sqlite 'SELECT ref, status, department, conflicted_fields FROM cases'
            Run 'docket demo --keep-running' to leave the daemons up, so a resolution replicates live.
            """)
    }

    private func customer(at office: String, author: String, name: String, salutation: String?, tier: Tier, trait: String?) throws -> String {
        try self.replica(office).write(author: author, now: self.now) { writer in
            let record = RecordRef.created(by: writer.nextDot, kind: .customer)
            var changes = try CustomerDesk.add(name: name, phone: nil, email: nil, salutation: salutation, tier: tier, notes: nil)
            if let trait { changes.append(.add(set: "traits", element: trait)) }
            try writer.commit(changes, to: record)
            return record.id
        }.result
    }

    private func openCase(at office: String, author: String, _ intake: CaseDesk.Intake) throws -> String {
        try self.replica(office).write(author: author, now: self.now) { writer in
            let ref = try writer.takeCaseReference()
            let record = RecordRef.created(by: writer.nextDot, kind: .case)
            try writer.commit(try CaseDesk.open(intake, ref: ref, office: writer.officeCode, openedBy: author, now: writer.now), to: record)
            return ref
        }.result
    }
}
