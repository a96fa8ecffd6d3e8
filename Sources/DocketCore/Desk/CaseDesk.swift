/// What a case handler can do to a case, as pure functions from the current view to the changes to write.
///
/// Each function checks the local rules (workflow, required context, references) and throws an
/// `InputError` naming the field before anything is written.
public enum CaseDesk {
    /// The fields a person supplies when registering a complaint.
    public struct Intake: Sendable {
        public var customer: String
        public var channel: Channel
        public var category: Category
        public var motive: Motive?
        public var level: Level
        public var emotion: Emotion
        public var summary: String
        public var details: String?
        public var explicitDemand: String?
        public var implicitNeed: String?
        public var department: String
        public var owner: String

        public init(
            customer: String, channel: Channel, category: Category, motive: Motive? = nil, level: Level,
            emotion: Emotion, summary: String, details: String? = nil, explicitDemand: String? = nil,
            implicitNeed: String? = nil, department: String, owner: String
        ) {
            self.customer = customer
            self.channel = channel
            self.category = category
            self.motive = motive
            self.level = level
            self.emotion = emotion
            self.summary = summary
            self.details = details
            self.explicitDemand = explicitDemand
            self.implicitNeed = implicitNeed
            self.department = department
            self.owner = owner
        }
    }

    /// The changes that register a new case, in status `received`.
    public static func open(
        _ intake: Intake,
        ref: String,
        office: String,
        openedBy: String,
        now: Int64
    ) throws -> [Change] {
        var fields: [(String, FieldValue)] = [
            ("ref", .text(ref)), ("customer", .text(intake.customer)), ("origin_office", .text(office)),
            ("opened_at", .integer(now)), ("opened_by", .text(openedBy)),
            ("channel", .text(intake.channel.rawValue)), ("category", .text(intake.category.rawValue)),
            ("level", .text(intake.level.rawValue)), ("emotion", .text(intake.emotion.rawValue)),
            ("summary", .text(intake.summary)), ("department", .text(intake.department)),
            ("owner", .text(intake.owner)), ("status", .text(CaseStatus.received.rawValue)),
        ]
        if let motive = intake.motive { fields.append(("motive", .text(motive.rawValue))) }
        if let details = intake.details { fields.append(("details", .text(details))) }
        if let demand = intake.explicitDemand { fields.append(("explicit_demand", .text(demand))) }
        if let need = intake.implicitNeed { fields.append(("implicit_need", .text(need))) }
        let changes = fields.map { Change.set(field: $0.0, value: $0.1) }
        for change in changes { try RecordSchema.case.validate(change) }
        return changes
    }

    /// Changes to ordinary fields. Fixed fields and `status` (which has its own workflow) are refused.
    /// - Parameter schema: what this office knows; a field or word only a newer Docket knows is refused.
    public static func set(
        _ values: [(field: String, value: FieldValue)],
        knowing schema: DocketSchema = .current
    ) throws -> [Change] {
        guard !values.isEmpty else { throw InputError(field: "field", "name at least one field to set") }
        return try values.map { field, value in
            let spec = try schema.caseRecord.field(named: field)
            guard !spec.isFixed else { throw InputError(field: field, "is fixed when the case is opened") }
            guard field != "status" else {
                throw InputError(field: "status", "use 'docket case status' so the workflow rules apply")
            }
            let change = Change.set(field: field, value: value)
            try schema.caseRecord.validate(change)
            return change
        }
    }

    /// A status move, checked against the workflow, with what it must record: a reopen reason, a close
    /// waiver, or (on resolving) the follow-up planned `followUpDelay` milliseconds later.
    public static func move(
        _ view: CaseView,
        to target: CaseStatus,
        reason: String?,
        now: Int64,
        followUpDelay: Int64
    ) throws -> [Change] {
        guard let current = view.status else { throw InputError(field: "status", "the case has no status yet") }
        let note = try Workflow.check(
            moving: Workflow.Context(current: current, hasCompletedFollowUp: view.hasCompletedFollowUp),
            to: target,
            reason: reason
        )
        var changes: [Change] = [.set(field: "status", value: .text(target.rawValue))]
        switch note {
        case .reopen(let reason): changes.append(.append(entry: .reopen(reason: reason)))
        case .closeWaiver(let reason): changes.append(.append(entry: .closeWaiver(reason: reason)))
        case .none:
            let planned = view.entries.contains { if case .followUpPlan = $0.entry { true } else { false } }
            if target == .resolved && !planned {
                changes.append(.append(entry: .followUpPlan(FollowUpPlan(scheduledFor: now + followUpDelay))))
            }
        }
        return changes
    }

    /// A handoff to another department and person; it also moves `department` and `owner`, and writes
    /// `status` to say the case is open and being worked: `investigating`, or the current status if the
    /// case is already further along but not resolved.
    ///
    /// Writing `status` is deliberate: a handoff made while another office concurrently resolves the case
    /// must surface as a status conflict for a person to settle, not pass silently as "resolved".
    /// A resolved, confirmed or closed case is reopened before it is handed on.
    public static func handoff(
        _ view: CaseView,
        toDepartment: String,
        toOwner: String,
        reason: String,
        customerBackground: String,
        problemDetails: String,
        measuresTaken: String
    ) throws -> [Change] {
        let handoff = try Handoff(
            fromDepartment: view.department ?? "",
            fromOwner: view.owner ?? "",
            toDepartment: toDepartment,
            toOwner: toOwner,
            reason: reason,
            customerBackground: customerBackground,
            problemDetails: problemDetails,
            measuresTaken: measuresTaken
        )
        if handoff.toDepartment == handoff.fromDepartment && handoff.toOwner == handoff.fromOwner {
            throw InputError(field: "to_owner", "the case is already with \(toOwner) in \(toDepartment)")
        }
        guard let current = view.status, current.isOpen else {
            throw InputError(
                field: "status",
                "the case is \(view.status?.rawValue ?? "not yet registered"); reopen it before handing it on"
            )
        }
        return [
            .append(entry: .handoff(handoff)),
            .set(field: "department", value: .text(toDepartment)),
            .set(field: "owner", value: .text(toOwner)),
            .set(field: "status", value: .text(max(current, .investigating).rawValue)),
        ]
    }

    /// The receiver's acceptance of one of the case's handoffs.
    public static func accept(_ view: CaseView, handoff: Dot, note: String) throws -> [Change] {
        guard view.entries.contains(where: { $0.dot == handoff && $0.entry.kind == "handoff" }) else {
            throw InputError(field: "handoff", "\(handoff) is not a handoff of case \(view.ref ?? view.id)")
        }
        let accepted = view.entries.contains {
            if case .acceptance(let acceptance) = $0.entry { return acceptance.handoff == handoff }
            return false
        }
        if accepted { throw InputError(field: "handoff", "\(handoff) was already accepted") }
        return [.append(entry: .acceptance(try HandoffAcceptance(handoff: handoff, note: note)))]
    }

    /// Records that one of the case's commitments was kept.
    public static func fulfil(_ view: CaseView, commitment: Dot, note: String) throws -> [Change] {
        guard view.entries.contains(where: { $0.dot == commitment && $0.entry.kind == "commitment" }) else {
            throw InputError(field: "commitment", "\(commitment) is not a commitment of case \(view.ref ?? view.id)")
        }
        let fulfilled = view.entries.contains {
            if case .fulfilment(let fulfilment) = $0.entry { return fulfilment.commitment == commitment }
            return false
        }
        if fulfilled { throw InputError(field: "commitment", "\(commitment) was already fulfilled") }
        return [.append(entry: .fulfilment(try Fulfilment(commitment: commitment, note: note)))]
    }

    /// Adds an element to one of a record's sets — a case's tags or feedback dimensions, a customer's
    /// traits — or removes one by cancelling the adds this office has seen. It works on any record kind:
    /// the record's schema says which sets exist and what they accept.
    public static func tag(
        _ state: RecordState,
        set: String,
        element: String,
        remove: Bool,
        knowing schema: DocketSchema = .current
    ) throws -> [Change] {
        try schema.record(state.ref.kind).validate(element: element, in: set)
        let present = state.sets[set]?.contains(element) ?? false
        if remove {
            guard present else { throw InputError(field: set, "'\(element)' is not present") }
            return [.remove(set: set, element: element, observed: state.sets[set]!.tags(of: element))]
        }
        guard !present else { throw InputError(field: set, "'\(element)' is already present") }
        return [.add(set: set, element: element)]
    }

    /// A covering write that settles a conflicted field: either one of its current values (1-based, in
    /// the order conflicts are listed) or a new value.
    public static func resolve(
        _ state: RecordState,
        field: String,
        pick: Int?,
        value: FieldValue?,
        knowing schema: DocketSchema = .current
    ) throws -> [Change] {
        guard let register = state.registers[field], register.isConflicted else {
            throw InputError(field: "field", "'\(field)' of \(state.ref.id) is not in conflict")
        }
        let chosen: FieldValue
        switch (pick, value) {
        case (let pick?, nil):
            let values = register.distinctValues
            guard (1...values.count).contains(pick) else {
                throw InputError(field: "pick", "\(pick) is not between 1 and \(values.count)")
            }
            chosen = values[pick - 1].value
        case (nil, let value?):
            chosen = value
        default:
            throw InputError(field: "pick", "give exactly one of --pick N or --value V")
        }
        let change = Change.set(field: field, value: chosen)
        // A field only a newer Docket knows cannot be settled here: the write would carry this office's
        // schema version, under which the field does not exist.
        try schema.record(state.ref.kind).validate(change)
        return [change]
    }
}
