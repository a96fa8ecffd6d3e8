/// A case as a person sees it: each field's display value, whether it is conflicted, its sets and entries.
public struct CaseView: Sendable {
    public let id: String
    public let state: RecordState

    public init(_ state: RecordState) {
        precondition(state.ref.kind == .case)
        self.id = state.ref.id
        self.state = state
    }

    public func text(_ field: String) -> String? { self.state.displayValue(of: field).text }

    public var ref: String? { self.text("ref") }
    public var customer: String? { self.text("customer") }
    public var status: CaseStatus? { self.text("status").flatMap(CaseStatus.init(rawValue:)) }
    public var level: Level? { self.text("level").flatMap(Level.init(rawValue:)) }
    public var department: String? { self.text("department") }
    public var owner: String? { self.text("owner") }
    public var summary: String? { self.text("summary") }
    public var openedAt: Int64? { self.state.displayValue(of: "opened_at").integer }

    public var remedy: Remedy? {
        if case .remedy(let remedy) = self.state.displayValue(of: "remedy") { return remedy }
        return nil
    }

    public var tags: [String] { self.state.sets["tags"]?.elements ?? [] }
    public var feedbackDimensions: [String] { self.state.sets["feedback_dims"]?.elements ?? [] }
    public var conflictedFields: [String] { self.state.conflictedFields }

    /// Entries in the order they were written (timestamp, then dot).
    public var entries: [EntryRecord] {
        self.state.entries.values.sorted { ($0.timestamp, $0.dot) < ($1.timestamp, $1.dot) }
    }

    public var hasCompletedFollowUp: Bool {
        self.entries.contains { if case .followUp = $0.entry { return true } else { return false } }
    }

    /// When the case was last marked resolved, from the status register's surviving writes.
    public var resolvedAt: HLCTimestamp? {
        self.state.registers["status"]?.values.filter { $0.value == .text(CaseStatus.resolved.rawValue) }
            .map(\.timestamp).max()
    }
}
