/// A map from origin node to the highest sequence number seen from it; absent origins count as 0.
///
/// The same shape serves two purposes: a record's clock (the highest `seq` of each origin's operations
/// on that record) and a node's version vector (the highest `seq` it holds contiguously from each origin).
public struct VectorClock: Hashable, Sendable {
    /// Only origins with a non-zero counter are stored, so equal clocks compare equal.
    public private(set) var counters: [NodeID: UInt64]

    public init(_ counters: [NodeID: UInt64] = [:]) {
        self.counters = counters.filter { $0.value > 0 }
    }

    public subscript(node: NodeID) -> UInt64 {
        get { self.counters[node] ?? 0 }
        set { self.counters[node] = newValue == 0 ? nil : newValue }
    }

    /// Whether the operation `dot` is known to this clock (happened before whoever holds the clock).
    public func covers(_ dot: Dot) -> Bool {
        self[dot.node] >= dot.seq
    }

    /// Whether every counter here is at least the other's.
    public func dominates(_ other: VectorClock) -> Bool {
        other.counters.allSatisfy { self[$0.key] >= $0.value }
    }

    /// Raises each counter to the other's where the other is higher (pointwise maximum).
    public mutating func merge(_ other: VectorClock) {
        for (node, seq) in other.counters where seq > self[node] {
            self[node] = seq
        }
    }

    public func merging(_ other: VectorClock) -> VectorClock {
        var result = self
        result.merge(other)
        return result
    }

    /// Records that `dot` has been seen, if it is newer than what is known from its node.
    public mutating func include(_ dot: Dot) {
        if dot.seq > self[dot.node] {
            self[dot.node] = dot.seq
        }
    }

    /// The origins in a stable order, for encoding and display.
    public var sortedEntries: [(node: NodeID, seq: UInt64)] {
        self.counters.sorted { $0.key < $1.key }.map { (node: $0.key, seq: $0.value) }
    }

    /// The total number of operations counted, as a version vector.
    /// Saturates at `UInt64.max` rather than trapping when a peer claims absurd counters.
    public var total: UInt64 {
        self.counters.values.reduce(0) { sum, seq in
            let (next, overflow) = sum.addingReportingOverflow(seq)
            return overflow ? .max : next
        }
    }
}

/// A node's version vector: for each origin, the highest `seq` held contiguously.
public typealias VersionVector = VectorClock

extension VectorClock: CustomStringConvertible {
    /// `node:seq,node:seq` in node order; empty for the empty clock.
    public var description: String {
        self.sortedEntries.map { "\($0.node):\($0.seq)" }.joined(separator: ",")
    }

    /// Parses the `node:seq,node:seq` form (the empty string is the empty clock).
    public init(parsing text: String, field: String) throws {
        self.init()
        for part in text.split(separator: ",") {
            let dot = try Dot(parsing: String(part).trimmingWhitespace(), field: field)
            guard self.counters[dot.node] == nil else {
                throw InputError(field: field, "names \(dot.node) twice")
            }
            self[dot.node] = dot.seq
        }
    }
}

extension VectorClock: Codable {
    /// Encoded as a JSON object `{"node": seq}`; keys are sorted by the encoder for stable bytes.
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode([String: UInt64].self)
        var counters: [NodeID: UInt64] = [:]
        for (key, value) in raw {
            counters[try NodeID(key)] = value
        }
        self.init(counters)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Dictionary(uniqueKeysWithValues: self.counters.map { ($0.key.rawValue, $0.value) }))
    }
}
