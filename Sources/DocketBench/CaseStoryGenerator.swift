import DocketCore
import DocketStore
import DocketTestSupport

/// Writes realistic operations straight into a replica through the store's own write path, so a
/// million-operation source is built in minutes rather than through a million `docket` processes.
///
/// Each case lives through the closed loop an office works — opened, acknowledged, a call logged, a
/// promise made, handed to another department and accepted, a remedy agreed and kept, resolved, followed
/// up, closed — about twenty operations. Many cases are open at once and the next operation goes to a
/// random one of them, so a batch touches hundreds of records the way a busy office's log does, rather
/// than one record a thousand times. Customers are added as new cases need them.
final class CaseStoryGenerator {
    /// A case in progress: where it is in its story, and the dots later steps refer to.
    private struct Story {
        var record: RecordRef
        var step = 0
        var number: Int
        var commitment: Dot?
        var handoff: Dot?
    }

    static let storyLength = 19
    private let replica: Replica
    private var stories: [Story?]
    private var customers: [String] = []
    private var casesOpened = 0
    private var random = SplitMix64(seed: 0x0D0C_4E7)
    /// Operations written so far; it also sets each operation's time, 30 s apart.
    private(set) var written = 0
    private let startMillis: Int64 = 1_750_000_000_000

    /// - Parameter openCases: how many cases are in progress at any time.
    init(replica: Replica, openCases: Int = 1500) {
        self.replica = replica
        self.stories = Array(repeating: nil, count: openCases)
    }

    /// The id of a case still in progress, for a person's change made through `docket`.
    var caseInProgress: String? { self.stories.lazy.compactMap { $0?.record.id }.first }

    /// Writes `count` operations, `perTransaction` to a transaction (1 for single local writes).
    func write(_ count: Int, perTransaction: Int) throws {
        var remaining = count
        while remaining > 0 {
            let size = min(remaining, perTransaction)
            let now = self.startMillis + Int64(self.written) * 30_000
            _ = try self.replica.write(author: Phrases.pick(Phrases.staff, self.written), now: now) { writer in
                for _ in 0..<size { try self.next(writer) }
            }
            remaining -= size
        }
    }

    /// Commits one operation: the next step of a random open case, or a new case (or customer) in its slot.
    private func next(_ writer: LocalWriter) throws {
        let slot = Int(self.random.next() % UInt64(self.stories.count))
        defer { self.written += 1 }
        guard var story = self.stories[slot] else {
            if self.customers.isEmpty || self.casesOpened % 20 == 0 && self.casesOpened / 20 >= self.customers.count {
                try self.addCustomer(writer)
                return
            }
            self.stories[slot] = try self.open(writer)
            return
        }
        let changes = story.step <= 8 ? try self.investigation(&story, writer) : try self.resolution(&story, writer)
        try writer.commit(changes, to: story.record)
        story.step += 1
        self.stories[slot] = story.step >= Self.storyLength ? nil : story
    }

    /// Steps 1-8 of a story: acknowledged, contacted, a promise, a handoff and its acceptance.
    private func investigation(_ story: inout Story, _ writer: LocalWriter) throws -> [Change] {
        let n = story.number
        let owner = Phrases.pick(Phrases.staff, n + story.step)
        switch story.step {
        case 1: return [.set(field: "status", value: .text(CaseStatus.acknowledged.rawValue))]
        case 2, 8:
            return [.append(entry: .contact(try self.contact(n, step: story.step, owner: owner, at: writer.now)))]
        case 3: return [.set(field: "explicit_demand", value: .text(Phrases.pick(Phrases.demands, n)))]
        case 4:
            story.commitment = writer.nextDot
            return [
                .append(
                    entry: .commitment(
                        try Commitment(
                            text: "\(Phrases.pick(Phrases.demands, n + 1))，两个工作日内答复", owner: owner,
                            due: writer.now + 2 * 86_400_000)))
            ]
        case 5: return [.add(set: "tags", element: Phrases.pick(Phrases.tags, n))]
        case 6:
            story.handoff = writer.nextDot
            let to = Phrases.pick(Phrases.departments, n + 1)
            let toOwner = Phrases.pick(Phrases.staff, n + 3)
            return [
                .append(
                    entry: .handoff(
                        try Handoff(
                            fromDepartment: Phrases.pick(Phrases.departments, n),
                            fromOwner: Phrases.pick(Phrases.staff, n),
                            toDepartment: to, toOwner: toOwner,
                            reason: "需要\(to)判断\(Phrases.pick(Phrases.problems, n))的原因",
                            customerBackground: "老客户，\(Phrases.pick(Phrases.needs, n))",
                            problemDetails: Phrases.details(n),
                            measuresTaken: "已致歉并登记复检需求，客户同意等待"))),
                .set(field: "department", value: .text(to)),
                .set(field: "owner", value: .text(toOwner)),
                .set(field: "status", value: .text(CaseStatus.investigating.rawValue)),
            ]
        default:
            return [.append(entry: .acceptance(try HandoffAcceptance(handoff: story.handoff!, note: "已接手，今天联系客户")))]
        }
    }

    /// Steps 9 on: needs, a remedy, the promise kept, resolution, follow-up, and the close.
    private func resolution(_ story: inout Story, _ writer: LocalWriter) throws -> [Change] {
        let n = story.number
        switch story.step {
        case 9:
            return [
                .set(field: "implicit_need", value: .text(Phrases.pick(Phrases.needs, n))),
                .set(field: "motive", value: .text(Motive.compensation.rawValue)),
            ]
        case 10: return [.set(field: "status", value: .text(CaseStatus.proposed.rawValue))]
        case 11:
            return [
                .set(
                    field: "remedy",
                    value: .remedy(
                        try Remedy(
                            kind: .repair, amount: nil, currency: nil,
                            text: "免费上门维修并更换\(Phrases.pick(Phrases.products, n))配件")))
            ]
        case 12: return [.append(entry: .fulfilment(try Fulfilment(commitment: story.commitment!, note: "已按时答复客户")))]
        case 13: return [.set(field: "status", value: .text(CaseStatus.inAction.rawValue))]
        case 14:
            return [.add(set: "feedback_dims", element: FeedbackDimension.words[n % FeedbackDimension.words.count])]
        case 15:
            return [
                .set(field: "status", value: .text(CaseStatus.resolved.rawValue)),
                .append(entry: .followUpPlan(FollowUpPlan(scheduledFor: writer.now + 3 * 86_400_000))),
            ]
        case 16:
            return [
                .append(
                    entry: .followUp(
                        try FollowUp(
                            doneAt: writer.now, result: .satisfied, score: 4 + n % 2, comment: "客户表示问题已解决，感谢跟进")))
            ]
        case 17: return [.set(field: "status", value: .text(CaseStatus.confirmed.rawValue))]
        default: return [.set(field: "status", value: .text(CaseStatus.closed.rawValue))]
        }
    }

    private func addCustomer(_ writer: LocalWriter) throws {
        let customer = RecordRef.created(by: writer.nextDot, kind: .customer)
        let n = self.customers.count
        try writer.commit(
            try CustomerDesk.add(
                name:
                    "\(Phrases.pick(["王", "李", "张", "刘", "陈"], n))\(Phrases.pick(Phrases.staff, n / 5).suffix(1))\(n)",
                phone: "1380000\(String(format: "%04d", n % 10_000))", email: nil, salutation: nil,
                tier: [.regular, .silver, .gold, .vip][n % 4], notes: nil),
            to: customer)
        self.customers.append(customer.id)
    }

    private func open(_ writer: LocalWriter) throws -> Story {
        let record = RecordRef.created(by: writer.nextDot, kind: .case)
        let n = self.casesOpened
        self.casesOpened += 1
        let intake = CaseDesk.Intake(
            customer: self.customers[n % self.customers.count], channel: Channel.allCases[n % Channel.allCases.count],
            category: Category.allCases[n % Category.allCases.count], level: Level.allCases[n % 4],
            emotion: Emotion.allCases[n % 4], summary: Phrases.summary(n), details: Phrases.details(n),
            department: Phrases.pick(Phrases.departments, n), owner: Phrases.pick(Phrases.staff, n))
        try writer.commit(
            try CaseDesk.open(
                intake, ref: try writer.takeCaseReference(), office: writer.officeCode,
                openedBy: Phrases.pick(Phrases.staff, n), now: writer.now),
            to: record)
        return Story(record: record, step: 1, number: n)
    }

    private func contact(_ n: Int, step: Int, owner: String, at: Int64) throws -> ContactLog {
        try ContactLog(
            at: at, channel: .phone, participants: [owner, "客户"],
            customerDemand: Phrases.pick(Phrases.demands, n + step), keyIssues: Phrases.details(n + step),
            outcome: Phrases.pick(Phrases.outcomes, n + step),
            todos: [try .init(owner: owner, due: nil, plan: "回访确认\(Phrases.pick(Phrases.products, n))使用情况")])
    }
}
