import DocketCore
import DocketTestSupport

/// Several offices, each an in-memory `ReplicaState`, writing through the desks and syncing at random.
///
/// Everything random comes from one seed, so a failing run is replayed by running that seed again.
/// Delivery follows the protocol's only promise: per origin in `seq` order, origins interleaved freely,
/// duplicates possible, nothing causal across origins.
struct OfficeSimulation {
    let seed: UInt64
    var rng: SplitMix64
    var offices: [ReplicaState]
    /// Each office's wall-clock error; some are hours off, which must never affect what merges.
    let skews: [Int64]
    var now: Int64
    /// Every operation any office wrote.
    private(set) var written: [Dot: ReplicatedOperation] = [:]
    /// Problems seen while running (a write the desk produced that did not validate, a gap accepted...).
    private(set) var problems: [String] = []
    /// Resolutions made, to check they settled their field on every replica.
    private(set) var resolutions: [(record: RecordRef, field: String, dot: Dot)] = []
    /// The field the write being prepared resolves, if it is a resolution.
    private var resolving: String?

    init(seed: UInt64, officeCount: Int) {
        self.seed = seed
        self.rng = SplitMix64(seed: seed)
        self.offices = Fixtures.offices.prefix(officeCount).map { ReplicaState(node: $0) }
        let possibleSkews: [Int64] = [0, -5 * Fixtures.hour, 3 * Fixtures.hour, -90_000, 7 * Fixtures.hour]
        var rng = SplitMix64(seed: seed ^ 0x5EED)
        self.skews = (0..<officeCount).map { _ in rng.pick(possibleSkews) }
        self.now = Fixtures.morning
    }

    // MARK: Running

    /// Opens a customer and two cases at the first office and lets everyone receive them.
    mutating func bootstrap() {
        let customer = RecordRef.created(by: self.offices[0].nextDot, kind: .customer)
        self.commit(
            at: 0, to: customer,
            try! CustomerDesk.add(
                name: "王建国", phone: "13800138000", email: nil, salutation: "王先生", tier: .gold, notes: nil))
        for summary in Fixtures.summaries.prefix(2) {
            self.openCase(at: 0, summary: summary)
        }
        self.heal()
    }

    /// Runs `steps` random steps; syncs stay inside the given groups of office indices.
    mutating func run(steps: Int, groups: [[Int]]) {
        for _ in 0..<steps {
            self.now += Int64(self.rng.int(in: 1...30)) * 60_000
            if self.rng.chance(55) {
                self.randomWrite(at: self.rng.below(self.offices.count))
            } else {
                let group = self.rng.pick(groups)
                guard group.count > 1 else { continue }
                let target = self.rng.pick(group)
                let source = self.rng.pick(group.filter { $0 != target })
                self.partialSync(to: target, from: source)
            }
        }
    }

    /// Splits the offices into two random non-empty groups.
    mutating func randomPartition() -> [[Int]] {
        let order = self.rng.shuffled(Array(self.offices.indices))
        let cut = self.rng.int(in: 1...(order.count - 1))
        return [Array(order[..<cut]), Array(order[cut...])]
    }

    /// Full anti-entropy: every office receives everything every other office holds, in random origin order.
    mutating func heal() {
        for _ in 0..<2 {
            for target in self.offices.indices {
                for source in self.rng.shuffled(Array(self.offices.indices)) where source != target {
                    self.partialSync(to: target, from: source, everything: true)
                }
            }
        }
    }

    // MARK: Delivery

    /// Delivers to `target` a random prefix, per origin, of what `source` holds that `target` lacks,
    /// interleaving origins at random and slipping in duplicates and refused out-of-order operations.
    mutating func partialSync(to target: Int, from source: Int, everything: Bool = false) {
        var queues = Dictionary(grouping: self.offices[source].operations(missingFrom: self.offices[target].vector)) {
            $0.dot.node
        }.sorted { $0.key < $1.key }.map { queue in
            let ops = queue.value.sorted { $0.dot.seq < $1.dot.seq }
            return Array(ops.prefix(everything ? ops.count : self.rng.int(in: 0...ops.count)))
        }.filter { !$0.isEmpty }
        while !queues.isEmpty {
            let index = self.rng.below(queues.count)
            if self.rng.chance(10), queues[index].count > 1 {
                self.tryGap(queues[index][1], at: target)
            }
            self.deliver(queues[index].removeFirst(), to: target)
            if queues[index].isEmpty { queues.remove(at: index) }
            if self.rng.chance(15), let old = self.randomHeldOperation(at: target) {
                self.deliver(old, to: target)
            }
        }
    }

    private mutating func deliver(_ operation: ReplicatedOperation, to target: Int) {
        let expected = self.offices[target].vector.admission(of: operation.dot)
        do {
            let admission = try self.offices[target].apply(operation)
            if admission != expected { self.problems.append("\(operation.dot) admitted as \(admission)") }
        } catch {
            self.problems.append("\(operation.dot) refused at \(self.offices[target].node): \(error)")
        }
    }

    /// An operation with a gap before it must be refused and leave the replica untouched.
    private mutating func tryGap(_ operation: ReplicatedOperation, at target: Int) {
        let before = self.offices[target]
        do {
            try self.offices[target].apply(operation)
            self.problems.append("\(operation.dot) accepted with a gap at \(before.node)")
        } catch let error as InputError {
            if error.field != "seq" { self.problems.append("gap refused naming \(error.field)") }
        } catch {
            self.problems.append("gap refused with \(error)")
        }
        let after = self.offices[target]
        if after.vector != before.vector || after.log.count != before.log.count || after.records != before.records {
            self.problems.append("refusing \(operation.dot) changed \(before.node)")
        }
    }

    private mutating func randomHeldOperation(at target: Int) -> ReplicatedOperation? {
        let vector = self.offices[target].vector
        let origins = vector.sortedEntries
        guard !origins.isEmpty else { return nil }
        let origin = self.rng.pick(origins)
        return self.offices[target].log[Dot(node: origin.node, seq: UInt64(self.rng.int(in: 1...Int(origin.seq))))]
    }

    // MARK: Local writes

    private func wall(at office: Int) -> UInt64 {
        UInt64(self.now + self.skews[office])
    }

    /// Writes `changes` at `office` as one operation, checking it is one any replica would accept.
    @discardableResult
    mutating func commit(at office: Int, to record: RecordRef, _ changes: [Change]) -> ReplicatedOperation {
        let operation = self.offices[office].write(
            changes, to: record, author: self.rng.pick(Fixtures.owners), now: self.wall(at: office))
        do {
            try operation.validate()
        } catch {
            self.problems.append("local operation \(operation.dot) does not validate: \(error)")
        }
        // A local write covers every value this office has seen, so each field it sets is settled here.
        let after = self.offices[office].records[record]!
        for case .set(let field, _) in changes where after.registers[field]?.values.count != 1 {
            self.problems.append("local write \(operation.dot) left \(field) unsettled at \(operation.dot.node)")
        }
        self.written[operation.dot] = operation
        return operation
    }

    mutating func openCase(at office: Int, summary: String) {
        let ref = RecordRef.created(by: self.offices[office].nextDot, kind: .case)
        let changes = try! CaseDesk.open(
            Fixtures.intake(summary: summary, level: self.rng.pick(Level.allCases)),
            ref: "SH01-\(ref.id)", office: "SH01", openedBy: "李娜", now: self.now)
        self.commit(at: office, to: ref, changes)
    }

    /// One random thing a person does at `office`, through the desks so local rules apply.
    mutating func randomWrite(at office: Int) {
        let known = self.offices[office].records.keys.sorted()
        guard !known.isEmpty else { return }
        if self.rng.chance(3) {
            self.openCase(at: office, summary: self.rng.pick(Fixtures.summaries))
            return
        }
        let ref = self.rng.pick(known)
        let state = self.offices[office].records[ref]!
        self.resolving = nil
        let changes: [Change]?
        switch ref.kind {
        case .case: changes = self.randomCaseChanges(CaseView(state))
        case .customer: changes = self.randomCustomerChanges(state)
        }
        guard let changes else { return }
        let operation = self.commit(at: office, to: ref, changes)
        if let field = self.resolving {
            self.resolutions.append((ref, field, operation.dot))
        }
    }

    private mutating func randomCaseChanges(_ view: CaseView) -> [Change]? {
        let state = view.state
        switch self.rng.below(11) {
        case 0, 1:
            let target = self.rng.pick(CaseStatus.allCases)
            return try? CaseDesk.move(
                view, to: target, reason: self.rng.chance(80) ? "客户反馈问题仍未解决" : nil,
                now: self.now, followUpDelay: 24 * Fixtures.hour)
        case 2:
            return try? Fixtures.handoff(
                view, to: self.rng.pick(Fixtures.departments), owner: self.rng.pick(Fixtures.owners))
        case 3:
            let tag = self.rng.pick(Fixtures.tags)
            return try? CaseDesk.tag(state, set: "tags", element: tag, remove: view.tags.contains(tag))
        case 4:
            let dimension = self.rng.pick(FeedbackDimension.words)
            return try? CaseDesk.tag(
                state, set: "feedback_dims", element: dimension, remove: view.feedbackDimensions.contains(dimension))
        case 5:
            return try? CaseDesk.set(
                [("summary", .text(self.rng.pick(Fixtures.summaries))), ("emotion", .text(self.rng.pick(Emotion.words)))])
        case 6:
            return [.append(entry: self.rng.chance(50) ? Fixtures.contact(at: self.now) : Fixtures.commitment(due: self.now))]
        case 7:
            let open = view.entries.filter { $0.entry.kind == "commitment" }
            guard !open.isEmpty else { return nil }
            return try? CaseDesk.fulfil(view, commitment: self.rng.pick(open).dot, note: "已电话告知赔偿方案")
        case 8:
            let followUp = try! FollowUp(
                doneAt: self.now, result: self.rng.pick(FollowUpResult.allCases), score: self.rng.int(in: 1...5),
                comment: "客户表示满意")
            return [.append(entry: .followUp(followUp))]
        case 9:
            let remedy = try! Remedy(
                kind: self.rng.pick(RemedyKind.allCases), amount: self.rng.pick(["200", "199.50", "1500"]),
                currency: "CNY", text: "上门更换排水泵并赔偿地板损失")
            return try? CaseDesk.set([("remedy", .remedy(remedy))])
        default:
            guard !state.conflictedFields.isEmpty else { return nil }
            let field = self.rng.pick(state.conflictedFields)
            let count = state.registers[field]!.distinctValues.count
            self.resolving = field
            return try? CaseDesk.resolve(state, field: field, pick: self.rng.int(in: 1...count), value: nil)
        }
    }

    private mutating func randomCustomerChanges(_ state: RecordState) -> [Change]? {
        switch self.rng.below(5) {
        case 4:
            // Like `docket customer add --trait … --trait …`: one operation adds several elements to a set.
            let absent = Fixtures.traits.filter { !(state.sets["traits"]?.contains($0) ?? false) }
            guard absent.count >= 2 else { return nil }
            return Array(self.rng.shuffled(absent).prefix(2)).map { .add(set: "traits", element: $0) }
        case 0:
            return try? CustomerDesk.set([("tier", .text(self.rng.pick(Tier.words)))])
        case 1:
            return try? CustomerDesk.set([("salutation", .text(self.rng.pick(["王先生", "王总", "王工"])))])
        case 2:
            let trait = self.rng.pick(Fixtures.traits)
            let present = state.sets["traits"]?.contains(trait) ?? false
            return try? CaseDesk.tag(state, set: "traits", element: trait, remove: present)
        default:
            guard let field = state.conflictedFields.first else { return nil }
            self.resolving = field
            return try? CaseDesk.resolve(state, field: field, pick: 1, value: nil)
        }
    }
}
