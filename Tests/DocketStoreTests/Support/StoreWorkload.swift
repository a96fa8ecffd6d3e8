import DocketCore
import DocketStore
import DocketTestSupport

/// Offices with real replicas, changing shared cases through the desks and syncing partially at random.
///
/// All randomness comes from `seed`; a failure names it.
struct StoreWorkload {
    let seed: UInt64
    var rng: SplitMix64
    let offices: [Replica]
    /// The CA of the offices' certificates: every sync is signed and verified.
    let signing: TestSigning
    var now: Int64 = Fixtures.morning

    init(seed: UInt64, offices: [Replica], signing: TestSigning) throws {
        self.seed = seed
        self.rng = SplitMix64(seed: seed)
        self.offices = offices
        self.signing = signing
        let customer = try offices[0].addCustomer(traits: ["价格敏感型", "技术优先型"])
        try offices[0].openCase(customer: customer)
        try offices[0].openCase(customer: customer, summary: "退款三周未到账", level: .l1)
        try self.heal()
    }

    /// Pudong, Chaoyang and Tianhe in `scratch`, after `steps` random steps and a heal: what the
    /// convergence, rebuild and digest tests start from.
    static func healed(seed: UInt64, steps: Int = 40, in scratch: Scratch) throws -> StoreWorkload {
        let offices = try [Fixtures.pudong, Fixtures.chaoyang, Fixtures.tianhe].map { try scratch.replica($0) }
        var workload = try StoreWorkload(seed: seed, offices: offices, signing: scratch.signing)
        try workload.run(steps: steps)
        try workload.heal()
        return workload
    }

    /// Random local changes and partial syncs.
    mutating func run(steps: Int) throws {
        for _ in 0..<steps {
            self.now += Int64(self.rng.int(in: 1...20)) * 60_000
            if self.rng.chance(60) {
                try self.randomChange(at: self.rng.pick(self.offices))
            } else {
                let target = self.rng.below(self.offices.count)
                let source = (target + self.rng.int(in: 1...(self.offices.count - 1))) % self.offices.count
                try self.partialSync(to: self.offices[target], from: self.offices[source])
            }
        }
    }

    /// Everyone receives everything.
    func heal() throws {
        for _ in 0..<2 {
            for target in self.offices {
                for source in self.offices where source !== target {
                    try target.receive(from: source, signing: self.signing)
                }
            }
        }
    }

    /// A random per-origin prefix of what `source` has and `target` lacks, shuffled, in one or two batches.
    mutating func partialSync(to target: Replica, from source: Replica) throws {
        let missing = try source.operations(missingFrom: try target.vector())
        let byOrigin = Dictionary(grouping: missing) { $0.dot.node }
        var batch: [ReplicatedOperation] = []
        for origin in byOrigin.keys.sorted() {
            let operations = byOrigin[origin]!
            batch += operations.prefix(self.rng.int(in: 0...operations.count))
        }
        self.rng.shuffle(&batch)
        // Slip in a duplicate of something the target already holds.
        let held = try target.operations(missingFrom: VersionVector())
        if !held.isEmpty && self.rng.chance(30) { batch.append(self.rng.pick(held)) }
        // Two batches in a row only work if the first one holds whole prefixes, so split by origin.
        if self.rng.chance(50), let origin = byOrigin.keys.sorted().first {
            let first = batch.filter { $0.dot.node == origin }
            _ = try target.apply(first, signedBy: self.signing)
            _ = try target.apply(batch.filter { $0.dot.node != origin }, signedBy: self.signing)
        } else {
            _ = try target.apply(batch, signedBy: self.signing)
        }
    }

    mutating func randomChange(at replica: Replica) throws {
        let cases = try replica.cases(matching: .init(), now: self.now, targets: ServiceTargets())
        guard !cases.isEmpty else { return }
        let ref = self.rng.pick(cases.map { $0.view.state.ref }.sorted())
        let choice = self.rng.below(9)
        let now = self.now
        if choice == 8 {
            let customers = try replica.customers()
            guard let customer = customers.first else { return }
            let absent = Fixtures.traits.filter { !customer.traits.contains($0) }
            let changes: [Change]
            if absent.isEmpty || self.rng.chance(50), let trait = customer.traits.first {
                changes = try CaseDesk.tag(customer.state, set: "traits", element: trait, remove: true)
            } else if !absent.isEmpty {
                changes = absent.prefix(2).map { .add(set: "traits", element: $0) }
            } else {
                return
            }
            _ = try replica.write(author: "李娜", now: now) { try $0.commit(changes, to: customer.state.ref) }
            return
        }
        var rng = self.rng
        do {
            try replica.change(ref, author: rng.pick(Fixtures.owners), now: now) { view in
                switch choice {
                case 0:
                    return try CaseDesk.move(
                        view, to: rng.pick(CaseStatus.allCases), reason: "客户反馈问题仍未解决", now: now,
                        followUpDelay: 24 * Fixtures.hour)
                case 1:
                    return try Fixtures.handoff(view, to: rng.pick(Fixtures.departments), owner: rng.pick(Fixtures.owners))
                case 2:
                    let tag = rng.pick(Fixtures.tags)
                    return try CaseDesk.tag(view.state, set: "tags", element: tag, remove: view.tags.contains(tag))
                case 3:
                    return try CaseDesk.set([("summary", .text(rng.pick(Fixtures.summaries)))])
                case 4:
                    return [.append(entry: rng.chance(50)
                        ? Fixtures.contact(at: now)
                        : .commitment(try Commitment(text: "48小时内给出赔偿方案", owner: "王磊", due: now + Fixtures.hour)))]
                case 5:
                    let remedy = try Remedy(kind: .refund, amount: rng.pick(["200", "350.50"]), currency: "CNY", text: "退还维修费")
                    return try CaseDesk.set([("remedy", .remedy(remedy))])
                case 6:
                    let dimension = rng.pick(FeedbackDimension.words)
                    return try CaseDesk.tag(
                        view.state, set: "feedback_dims", element: dimension,
                        remove: view.feedbackDimensions.contains(dimension))
                default:
                    guard let field = view.conflictedFields.first else { return [.append(entry: Fixtures.contact(at: now))] }
                    return try CaseDesk.resolve(view.state, field: field, pick: 1, value: nil)
                }
            }
        } catch is InputError {
            // A local rule refused the change (a workflow step, a handoff to the current owner): nothing written.
        }
        self.rng = rng
    }
}
