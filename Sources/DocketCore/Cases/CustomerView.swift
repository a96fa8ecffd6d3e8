/// A customer as a person sees it: each field's display value and the traits set.
public struct CustomerView: Sendable {
    public let id: String
    public let state: RecordState

    public init(_ state: RecordState) {
        precondition(state.ref.kind == .customer)
        self.id = state.ref.id
        self.state = state
    }

    public func text(_ field: String) -> String? { self.state.displayValue(of: field).text }

    public var name: String? { self.text("name") }
    public var tier: Tier? { self.text("tier").flatMap(Tier.init(rawValue:)) }
    public var traits: [String] { self.state.sets["traits"]?.elements ?? [] }
    public var conflictedFields: [String] { self.state.conflictedFields }
}
