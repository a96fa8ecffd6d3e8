import DocketCore
import DocketStore
import DocketTestSupport
import Foundation

/// Offices, people and texts shared by the store tests.
enum Fixtures {
    static let pudong = try! NodeID("sh-pudong")
    static let chaoyang = try! NodeID("bj-chaoyang")
    static let tianhe = try! NodeID("gz-tianhe")
    static let headquarters = try! NodeID("hq")
    static let codes: [NodeID: String] = [pudong: "SH01", chaoyang: "BJ02", tianhe: "GZ03", headquarters: "HQ"]

    static let departments = ["技术支持部", "财务部", "客服中心"]
    static let owners = ["王磊", "李娜", "张伟"]
    static let summaries = ["客户投诉维修后空调仍漏水", "退款三周未到账", "安装师傅态度恶劣"]
    static let tags = ["漏水", "加急", "保修期内"]
    static let traits = ["价格敏感型", "技术优先型", "注重效率"]

    /// 09:00 Beijing time on a Monday in November 2026, in epoch milliseconds.
    static let morning: Int64 = 1_795_395_600_000
    static let hour: Int64 = 3_600_000

    static func intake(customer: String, summary: String = "客户投诉维修后空调仍漏水", level: Level = .l3) -> CaseDesk.Intake {
        CaseDesk.Intake(
            customer: customer, channel: .hotline, category: .repairQuality, motive: .compensation, level: level,
            emotion: .angry, summary: summary, details: "第二次上门维修后，室内机仍在滴水。",
            explicitDemand: "免费更换整机", implicitNeed: "希望有人对地板损失负责",
            department: "客服中心", owner: "李娜")
    }

    static func handoff(_ view: CaseView, to department: String, owner: String) throws -> [Change] {
        try CaseDesk.handoff(
            view, toDepartment: department, toOwner: owner, reason: "需要工程师上门检测",
            customerBackground: "老客户，去年购买三台空调", problemDetails: "维修后仍漏水，已两次上门",
            measuresTaken: "已致歉并登记投诉")
    }

    static func contact(at: Int64) -> Entry {
        .contact(try! ContactLog(
            at: at, channel: .phone, participants: ["李娜", "客户王先生"], customerDemand: "尽快上门处理",
            keyIssues: "漏水导致地板受损", outcome: "约定明天上午上门",
            todos: [try! ContactLog.Todo(owner: "王磊", due: at + 24 * hour, plan: "带新排水管上门")]))
    }
}

/// A temporary directory of replica files, removed when the last reference to it goes.
///
/// Keep it bound to a name for the whole test (not `_`), or the directory goes while replicas still use it.
final class Scratch {
    let url: URL
    /// The organisation CA of this test's offices, in this directory: what signs and verifies their operations.
    let signing: TestSigning

    init() throws {
        self.url = FileManager.default.temporaryDirectory.appendingPathComponent("docket-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: self.url, withIntermediateDirectories: true)
        self.signing = try TestSigning(in: self.url)
    }

    deinit {
        try? FileManager.default.removeItem(at: self.url)
    }

    func path(_ name: String) -> String { self.url.appendingPathComponent(name).path }

    /// A new, empty replica for `node` in this directory.
    func replica(_ node: NodeID, file: String? = nil) throws -> Replica {
        try Replica.create(
            at: self.path(file ?? "\(node).sqlite"), node: node, officeCode: Fixtures.codes[node] ?? "XX",
            now: Fixtures.morning)
    }
}

extension Replica {
    /// Registers a customer here; returns its record.
    @discardableResult
    func addCustomer(name: String = "王建国", traits: [String] = [], now: Int64 = Fixtures.morning) throws -> RecordRef {
        try self.write(author: "李娜", now: now) { writer in
            let ref = RecordRef.created(by: writer.nextDot, kind: .customer)
            let changes = try CustomerDesk.add(
                name: name, phone: "13800138000", email: nil, salutation: "王先生", tier: .gold, notes: nil)
            try writer.commit(changes + traits.map { .add(set: "traits", element: $0) }, to: ref)
            return ref
        }.result
    }

    /// Opens a case here with the next local reference; returns its record.
    @discardableResult
    func openCase(customer: RecordRef, summary: String = "客户投诉维修后空调仍漏水", level: Level = .l3, now: Int64 = Fixtures.morning)
        throws -> RecordRef
    {
        try self.write(author: "李娜", now: now) { writer in
            let ref = RecordRef.created(by: writer.nextDot, kind: .case)
            let changes = try CaseDesk.open(
                Fixtures.intake(customer: customer.id, summary: summary, level: level),
                ref: try writer.takeCaseReference(), office: writer.officeCode, openedBy: "李娜", now: now)
            try writer.commit(changes, to: ref)
            return ref
        }.result
    }

    /// One local change to a case: `body` turns the current view into the changes to write.
    @discardableResult
    func change(_ ref: RecordRef, author: String = "王磊", now: Int64, _ body: (CaseView) throws -> [Change]) throws
        -> [ReplicatedOperation]
    {
        try self.write(author: author, now: now) { writer in
            try writer.commit(try body(try writer.findCase(ref.id)), to: ref)
        }.operations
    }

    /// Receives everything `source` holds that this replica lacks, signed as `source` would send it.
    @discardableResult
    func receive(from source: Replica, signing: TestSigning) throws -> ApplyResult {
        try self.apply(
            try signing.signedBatch(from: source, missingFrom: try self.vector()), verifier: signing.verifier,
            source: "peer \(source.node)")
    }

    /// Applies `operations` in one batch, each origin's newest one signed with that origin's certificate.
    @discardableResult
    func apply(_ operations: [ReplicatedOperation], signedBy signing: TestSigning, bound: ClockBound = .current()) throws
        -> ApplyResult
    {
        try self.apply(try signing.sign(operations), verifier: signing.verifier, source: "test", bound: bound)
    }
}
