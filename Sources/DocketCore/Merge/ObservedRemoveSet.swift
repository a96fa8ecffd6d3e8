/// An add-wins observed-remove set of strings (tags, traits, feedback dimensions).
///
/// Each add is tagged with its operation's dot; a remove cancels the tags its writer had observed for
/// that element, so an add concurrent with a remove survives. Cancelled tags are remembered per element,
/// because a remove can arrive before the add it observed (delivery is ordered per origin, not across
/// origins), and because one operation may add several elements under the same dot: removing one of
/// them must not take the others.
public struct ObservedRemoveSet: Hashable, Sendable, Codable {
    /// Element to its live add tags.
    public private(set) var adds: [String: Set<Dot>]
    /// Element to the tags removes have cancelled for it.
    public private(set) var removed: [String: Set<Dot>]

    public init(adds: [String: Set<Dot>] = [:], removed: [String: Set<Dot>] = [:]) {
        self.adds = adds.filter { !$0.value.isEmpty }
        self.removed = removed.filter { !$0.value.isEmpty }
    }

    public mutating func add(_ element: String, tag: Dot) {
        guard !(self.removed[element]?.contains(tag) ?? false) else { return }
        self.adds[element, default: []].insert(tag)
    }

    /// Cancels the `observed` add tags of `element`, now or whenever they arrive.
    public mutating func remove(_ element: String, observed: [Dot]) {
        guard !observed.isEmpty else { return }
        self.removed[element, default: []].formUnion(observed)
        guard var tags = self.adds[element] else { return }
        tags.subtract(observed)
        self.adds[element] = tags.isEmpty ? nil : tags
    }

    /// The live add tags of `element`, which a local remove must cite.
    public func tags(of element: String) -> [Dot] {
        (self.adds[element] ?? []).sorted()
    }

    public func contains(_ element: String) -> Bool { self.adds[element] != nil }

    /// The elements present, sorted.
    public var elements: [String] { self.adds.keys.sorted() }
}
