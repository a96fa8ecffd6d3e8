/// A map from origin node to the highest sequence number seen from it; absent origins count as 0.
///
/// The same shape serves two purposes: a record's clock (the highest `seq` of each origin's operations
/// on that record) and a node's version vector (the highest `seq` it holds contiguously from each origin).
///
/// Kept as one small array sorted by node, not a dictionary: a record holds a clock for every field it has
/// (its register's frontier), each naming one or a few offices, and a dictionary's hash table and the
/// hashing of node ids on every lookup cost more than searching a few sorted entries.
public struct VectorClock: Hashable, Sendable {
    private struct Counter: Hashable, Sendable {
        let node: NodeID
        var seq: UInt64
    }

    /// Only origins with a non-zero counter, sorted by node, so equal clocks are equal arrays.
    private var counters: [Counter] = []

    public init() {}

    public init(_ counters: [NodeID: UInt64]) {
        self.counters = counters.filter { $0.value > 0 }.map { Counter(node: $0.key, seq: $0.value) }
            .sorted { $0.node < $1.node }
    }

    /// Where `node` is, or would be inserted to keep the order.
    private func position(of node: NodeID) -> (index: Int, found: Bool) {
        var low = 0
        var high = self.counters.count
        while low < high {
            let middle = (low + high) / 2
            if self.counters[middle].node < node { low = middle + 1 } else { high = middle }
        }
        return (low, low < self.counters.count && self.counters[low].node == node)
    }

    public subscript(node: NodeID) -> UInt64 {
        get {
            let (index, found) = self.position(of: node)
            return found ? self.counters[index].seq : 0
        }
        set {
            let (index, found) = self.position(of: node)
            switch (found, newValue) {
            case (true, 0): self.counters.remove(at: index)
            case (true, _): self.counters[index].seq = newValue
            case (false, 0): break
            case (false, _): self.counters.insert(Counter(node: node, seq: newValue), at: index)
            }
        }
    }

    /// Whether no origin has a counter above 0.
    public var isEmpty: Bool { self.counters.isEmpty }

    /// The origins with a counter above 0, in node order.
    public var nodes: [NodeID] { self.counters.map(\.node) }

    /// Whether the operation `dot` is known to this clock (happened before whoever holds the clock).
    public func covers(_ dot: Dot) -> Bool {
        self[dot.node] >= dot.seq
    }

    /// Whether every counter here is at least the other's.
    public func dominates(_ other: VectorClock) -> Bool {
        other.counters.allSatisfy { self[$0.node] >= $0.seq }
    }

    /// Raises each counter to the other's where the other is higher (pointwise maximum).
    ///
    /// One pass over both sorted arrays, in time linear in their sizes whatever they name: inserting the
    /// other's new origins one at a time would shift the array once each, quadratic for a clock from
    /// elsewhere that names thousands of offices.
    public mutating func merge(_ other: VectorClock) {
        if self.counters.isEmpty {
            self.counters = other.counters
            return
        }
        // The usual case, a clock naming no origin this one lacks, is raised in place.
        var index = 0
        var lacking = false
        for counter in other.counters {
            while index < self.counters.count && self.counters[index].node < counter.node { index += 1 }
            if index < self.counters.count && self.counters[index].node == counter.node {
                self.counters[index].seq = max(self.counters[index].seq, counter.seq)
            } else {
                lacking = true
            }
        }
        guard lacking else { return }
        var merged: [Counter] = []
        merged.reserveCapacity(self.counters.count + other.counters.count)
        var mine = 0
        var theirs = 0
        while mine < self.counters.count && theirs < other.counters.count {
            let node = self.counters[mine].node
            let otherNode = other.counters[theirs].node
            if node < otherNode {
                merged.append(self.counters[mine])
                mine += 1
            } else if otherNode < node {
                merged.append(other.counters[theirs])
                theirs += 1
            } else {
                // Raised to the maximum by the pass above.
                merged.append(self.counters[mine])
                mine += 1
                theirs += 1
            }
        }
        merged += self.counters[mine...]
        merged += other.counters[theirs...]
        self.counters = merged
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

    /// Calls `body` with each origin and its counter, in node order, without building a list.
    public func forEach(_ body: (_ node: NodeID, _ seq: UInt64) throws -> Void) rethrows {
        for counter in self.counters { try body(counter.node, counter.seq) }
    }

    /// The number of origins with a counter above 0.
    public var count: Int { self.counters.count }

    /// The origins in a stable order, for encoding and display.
    public var sortedEntries: [(node: NodeID, seq: UInt64)] {
        self.counters.map { (node: $0.node, seq: $0.seq) }
    }

    /// The total number of operations counted, as a version vector.
    /// Saturates at `UInt64.max` rather than trapping when a peer claims absurd counters.
    public var total: UInt64 {
        self.counters.reduce(0) { sum, counter in
            let (next, overflow) = sum.addingReportingOverflow(counter.seq)
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
            guard self[dot.node] == 0 else {
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
        try container.encode(Dictionary(uniqueKeysWithValues: self.counters.map { ($0.node.rawValue, $0.seq) }))
    }
}
