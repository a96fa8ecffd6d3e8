/// One write held by a register: the value and who wrote it, where and when.
public struct RegisterValue: Hashable, Sendable, Codable {
    public let dot: Dot
    public let timestamp: HLCTimestamp
    public let author: String
    public let value: FieldValue

    public init(dot: Dot, timestamp: HLCTimestamp, author: String, value: FieldValue) {
        self.dot = dot
        self.timestamp = timestamp
        self.author = author
        self.value = value
    }
}

/// A multi-value register: the current values of a field are the writes to it that no other write to it
/// happened after.
///
/// Operations arrive in order per origin but not causally across origins, so "happened before" is judged
/// against the join of the clocks of *every* write to the field seen so far (`frontier`), not only the
/// surviving ones. A write is superseded exactly when some write's clock covers its dot, which is exactly
/// when the frontier covers it; the frontier is a join, so the result does not depend on arrival order.
public struct MultiValueRegister: Hashable, Sendable, Codable {
    /// Pointwise maximum of the clocks of all writes to this field.
    public private(set) var frontier: VectorClock
    /// The surviving writes, sorted by dot.
    public private(set) var values: [RegisterValue]

    public init(frontier: VectorClock = VectorClock(), values: [RegisterValue] = []) {
        self.frontier = frontier
        self.values = values.sortedByDot()
    }

    /// Applies a write made with the record clock `clock`. Applying the same write twice changes nothing.
    public mutating func apply(_ write: RegisterValue, clock: VectorClock) {
        self.frontier.merge(clock)
        if !self.values.contains(where: { $0.dot == write.dot }) {
            self.values.append(write)
        }
        self.values.removeAll { self.frontier.covers($0.dot) }
        self.values.sort { $0.dot < $1.dot }
    }

    /// Whether concurrent writes left different values. Concurrent writes of one value agree, so they are
    /// not a conflict a person needs to resolve.
    public var isConflicted: Bool {
        guard let first = self.values.first?.value else { return false }
        return self.values.contains { $0.value != first }
    }

    /// The distinct surviving values, first write of each in dot order.
    public var distinctValues: [RegisterValue] {
        var seen: [FieldValue] = []
        return self.values.filter { candidate in
            if seen.contains(candidate.value) { return false }
            seen.append(candidate.value)
            return true
        }
    }
}

extension [RegisterValue] {
    /// The values sorted by dot: the array itself when it is already, as values read back from storage
    /// are. Sorting a copy allocated one for every register loaded or saved.
    public func sortedByDot() -> [RegisterValue] {
        zip(self, self.dropFirst()).allSatisfy { $0.dot < $1.dot } ? self : self.sorted { $0.dot < $1.dot }
    }
}
