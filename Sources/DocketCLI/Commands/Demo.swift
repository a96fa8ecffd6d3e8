import ArgumentParser
import DocketCore
import DocketStore
import Foundation

struct Demo: DocketCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show Docket at work: two offices, realistic cases, offline changes, a conflict and its resolution.",
        discussion: "Everything is written under --dir (default: a new temporary directory), which is kept for you to explore."
    )

    @Option(help: "Where to create the demo offices (must not exist yet).") var dir: String?

    func execute() throws {
        let root = self.dir ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("docket-demo-\(UUID().uuidString.prefix(8))")
        guard !FileManager.default.fileExists(atPath: root) else {
            throw InputError(field: "dir", "\(root) already exists; name a new directory")
        }
        var script = DemoScript(root: root, now: currentMillis())
        try script.run()
    }
}

/// The demo's story, written against the same replica API the commands use.
struct DemoScript {
    let root: String
    let now: Int64
    private var shanghai: Replica!
    private var beijing: Replica!

    init(root: String, now: Int64) {
        self.root = root
        self.now = now
    }

    private func directory(_ office: String) -> String { (self.root as NSString).appendingPathComponent(office) }

    private func say(_ text: String) { print(text) }

    mutating func run() throws {
        let shDir = self.directory("sh-pudong")
        let bjDir = self.directory("bj-chaoyang")
        for directory in [shDir, bjDir] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        self.shanghai = try Replica.create(
            at: (shDir as NSString).appendingPathComponent("replica.sqlite"), node: try NodeID("sh-pudong"),
            officeCode: "SH01", now: self.now)
        self.beijing = try Replica.create(
            at: (bjDir as NSString).appendingPathComponent("replica.sqlite"), node: try NodeID("bj-chaoyang"),
            officeCode: "BJ01", now: self.now)
        self.say("== Two offices: sh-pudong (上海浦东, SH01) and bj-chaoyang (北京朝阳, BJ01), under \(self.root)")

        // 1. Shanghai registers customers and opens cases.
        var zhangWei = RecordRef(kind: .customer, id: "")
        var liZong = RecordRef(kind: .customer, id: "")
        _ = try self.shanghai.write(author: "王磊", now: self.now) { writer in
            zhangWei = RecordRef.created(by: writer.nextDot, kind: .customer)
            try writer.commit(
                try CustomerDesk.add(name: "张伟", phone: nil, email: nil, salutation: "张先生", tier: .gold, notes: "第二次报修")
                    + [.add(set: "traits", element: "技术优先型")], to: zhangWei)
            liZong = RecordRef.created(by: writer.nextDot, kind: .customer)
            try writer.commit(
                try CustomerDesk.add(name: "李建国", phone: nil, email: nil, salutation: "李总", tier: .vip, notes: nil)
                    + [.add(set: "traits", element: "价格敏感型")], to: liZong)
        }
        let leak = try self.open(
            at: self.shanghai, author: "王磊",
            CaseDesk.Intake(
                customer: zhangWei.id, channel: .hotline, category: .repairQuality, motive: .compensation, level: .l3,
                emotion: .angry, summary: "空调维修后仍然漏水，客户要求上门复检", explicitDemand: "免费上门复检并赔偿地板损失",
                implicitNeed: "希望有人对结果负责", department: "客服中心", owner: "王磊"))
        let billing = try self.open(
            at: self.shanghai, author: "刘洋",
            CaseDesk.Intake(
                customer: liZong.id, channel: .phone, category: .staffError, level: .l2, emotion: .dissatisfied,
                summary: "账单重复扣款 1,280 元", department: "财务部", owner: "刘洋"))
        _ = try self.shanghai.write(author: "刘洋", now: self.now) { writer in
            let view = try writer.findCase(billing)
            try writer.commit(
                [.append(entry: .commitment(try Commitment(
                    text: "两个工作日内退回重复扣款并电话告知李总", owner: "刘洋", due: self.now - 3_600_000)))],
                to: view.state.ref)
        }
        self.say("SH01 opened \(leak) (漏水, L3) and \(billing) (重复扣款, L2, with a promise already overdue)")

        // 2. The line is down: Beijing gets Shanghai's work by file.
        try self.carry(from: self.shanghai, to: self.beijing, label: "SH01 → BJ01")

        // 3. Offline, both offices act on the leak case at once.
        _ = try self.shanghai.write(author: "王磊", now: self.now + 60_000) { writer in
            let view = try writer.findCase(leak)
            try writer.commit(
                try CaseDesk.handoff(
                    view, toDepartment: "技术支持部", toOwner: "李娜", reason: "需要工程师判断漏水原因",
                    customerBackground: "金卡客户，第二次报修，情绪激动", problemDetails: "更换密封圈后仍漏水，地板受损",
                    measuresTaken: "已致歉并登记复检需求"),
                to: view.state.ref)
        }
        _ = try self.beijing.write(author: "赵敏", now: self.now + 90_000) { writer in
            let view = try writer.findCase(leak)
            try writer.commit(
                try CaseDesk.move(view, to: .resolved, reason: nil, now: writer.now, followUpDelay: 86_400_000),
                to: view.state.ref)
            let other = try writer.findCase(billing)
            try writer.commit(
                [.append(entry: .contact(try ContactLog(
                    at: writer.now, channel: .phone, participants: ["赵敏", "李总"], customerDemand: "尽快退款",
                    keyIssues: "重复扣款原因不明", outcome: "承诺今天内给出答复", todos: [])))],
                to: other.state.ref)
        }
        self.say("Offline: SH01 hands \(leak) to 技术支持部/李娜 while BJ01 marks it resolved")

        // 4. Files both ways: the replicas converge, and the concurrent change is kept as a conflict.
        try self.carry(from: self.shanghai, to: self.beijing, label: "SH01 → BJ01")
        try self.carry(from: self.beijing, to: self.shanghai, label: "BJ01 → SH01")
        let digestsAgree = try self.shanghai.stateDigest() == self.beijing.stateDigest()
        self.say("Both offices now hold \(try self.shanghai.vector()); state digests \(digestsAgree ? "agree" : "DIFFER")")
        for (name, replica) in [("SH01", self.shanghai!), ("BJ01", self.beijing!)] {
            for conflict in try replica.conflicts() {
                let values = conflict.values.map { "\($0.value.display) (by \($0.author) at \($0.dot.node))" }
                self.say("\(name) sees a conflict on \(conflict.label ?? conflict.record.id) \(conflict.field): "
                    + values.joined(separator: " vs ") + "; shown as \(conflict.displayed?.value.display ?? "-")")
            }
        }
        let overdue = try self.shanghai.cases(matching: {
            var filter = Replica.CaseFilter()
            filter.onlyOverdue = true
            return filter
        }(), now: self.now, targets: ServiceTargets())
        self.say("Overdue at SH01: " + overdue.map { "\($0.view.ref ?? $0.view.id) (\($0.overdue.labels.joined(separator: ",")))" }.joined(separator: ", "))

        let sh = self.directory("sh-pudong")
        let bj = self.directory("bj-chaoyang")
        self.say("""

            Look further (the offices are yours to explore):
              export DOCKET_DATA_DIR=\(sh)        # work as Shanghai
              docket case list
              docket conflicts show \(leak)
              docket case show \(leak)
              docket history \(leak)
              DOCKET_DATA_DIR=\(bj) docket conflicts resolve \(leak) status --pick 2 --as 主管孙丽
              DOCKET_DATA_DIR=\(bj) docket export --since "$(docket vector)" --out \(self.root)/bj.ops
              docket import \(self.root)/bj.ops && docket conflicts
              sqlite3 \(sh)/replica.sqlite 'SELECT ref, status, department, conflicted_fields FROM cases'
            """)
    }

    private func open(at replica: Replica, author: String, _ intake: CaseDesk.Intake) throws -> String {
        try replica.write(author: author, now: self.now) { writer in
            let ref = try writer.takeCaseReference()
            let record = RecordRef.created(by: writer.nextDot, kind: .case)
            try writer.commit(
                try CaseDesk.open(intake, ref: ref, office: writer.officeCode, openedBy: author, now: writer.now),
                to: record)
            return ref
        }.result
    }

    /// Carries what `target` lacks from `source` through an operations file, as `export`/`import` do.
    private func carry(from source: Replica, to target: Replica, label: String) throws {
        let since = try target.vector()
        let data = try OperationFile.encode(try source.operations(missingFrom: since), from: source.node, since: since)
        let file = (self.root as NSString).appendingPathComponent("\(source.node)-to-\(target.node)-\(UUID().uuidString.prefix(4)).ops")
        try data.write(to: URL(fileURLWithPath: file))
        let result = try target.apply(try OperationFile.decode(data).operations)
        self.say("\(label) by file: \(result.applied) operation\(result.applied == 1 ? "" : "s") applied")
    }
}
