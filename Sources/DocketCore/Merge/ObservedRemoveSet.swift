/// An add-wins observed-remove set of strings (tags, traits, feedback dimensions).
///
/// Each add is tagged with its operation's dot; a remove cancels the tags its writer had observed, so an
/// add concurrent with a remove survives. Cancelled tags are remembered, because a remove can arrive
/// before the add it observed (delivery is ordered per origin, not across origins).
public struct ObservedRemoveSet: Hashable, Sendable, Codable {
    /// Element to its live add tags.
    public private(set) var adds: [String: Set<Dot>]
    /// Tags cancelled by removes.
    public private(set) var removed: Set<Dot>

    public init(adds: [String: Set<Dot>] = [:], removed: Set<Dot> = []) {
        self.adds = adds
        self.removed = removed
    }

    public mutating func add(_ element: String, tag: Dot) {
        guard !self.removed.contains(tag) else { return }
        self.adds[element, default: []].insert(tag)
    }

    /// Cancels the `observed` add tags of `element`.
    ///
    /// A tag is cancelled wherever it is, not only under `element`: an operation adding two elements tags
    /// both with its one dot, and a remove arriving before that add refuses the tag for both. Cancelling it
    /// everywhere when the add came first gives the same set, so the result never depends on arrival order.
    public mutating func remove(_ element: String, observed: [Dot]) {
        let cancelled = Set(observed)
        self.removed.formUnion(cancelled)
        for (name, tags) in self.adds where !tags.isDisjoint(with: cancelled) {
            let live = tags.subtracting(cancelled)
            self.adds[name] = live.isEmpty ? nil : live
        }
    }

    /// The live add tags of `element`, which a local remove must cite.
    public func tags(of element: String) -> [Dot] {
        (self.adds[element] ?? []).sorted()
    }

    public func contains(_ element: String) -> Bool { self.adds[element] != nil }

    /// The elements present, sorted.
    public var elements: [String] { self.adds.keys.sorted() }
}
