/// The merged state of one record: its clock, a register per field, its sets and its entries.
///
/// `apply(_:)` is the whole merge: commutative, associative and idempotent over operations, so replicas
/// holding the same operations hold equal states whatever order they arrived in.
public struct RecordState: Hashable, Sendable {
    public let ref: RecordRef
    /// The highest `seq` of each origin's operations applied to this record.
    public private(set) var clock: VectorClock
    public private(set) var registers: [String: MultiValueRegister]
    public private(set) var sets: [String: ObservedRemoveSet]
    /// The grow-only entry set, keyed by the dot of the carrying operation.
    public private(set) var entries: [Dot: EntryRecord]

    public init(
        ref: RecordRef,
        clock: VectorClock = VectorClock(),
        registers: [String: MultiValueRegister] = [:],
        sets: [String: ObservedRemoveSet] = [:],
        entries: [Dot: EntryRecord] = [:]
    ) {
        self.ref = ref
        self.clock = clock
        self.registers = registers
        self.sets = sets
        self.entries = entries
    }

    /// Merges one operation on this record.
    public mutating func apply(_ operation: ReplicatedOperation) {
        precondition(operation.record == self.ref, "operation \(operation.dot) is for \(operation.record)")
        self.clock.include(operation.dot)
        for change in operation.changes {
            switch change {
            case .set(let field, let value):
                let write = RegisterValue(
                    dot: operation.dot,
                    timestamp: operation.timestamp,
                    author: operation.author,
                    value: value
                )
                self.registers[field, default: MultiValueRegister()].apply(write, clock: operation.clock)
            case .add(let set, let element):
                self.sets[set, default: ObservedRemoveSet()].add(element, tag: operation.dot)
            case .remove(let set, let element, let observed):
                self.sets[set, default: ObservedRemoveSet()].remove(element, observed: observed)
            case .append(let entry):
                self.entries[operation.dot] = EntryRecord(
                    dot: operation.dot,
                    timestamp: operation.timestamp,
                    author: operation.author,
                    entry: entry
                )
            }
        }
    }

    /// Removes and returns the entry `dot` appended, for a store that keeps entries in a table of their own
    /// and need not hold them in memory once written there.
    public mutating func takeEntry(at dot: Dot) -> EntryRecord? {
        self.entries.removeValue(forKey: dot)
    }

    /// The fields whose surviving writes disagree, sorted by name.
    public var conflictedFields: [String] {
        self.registers.filter { $0.value.isConflicted }.keys.sorted()
    }

    /// The value shown for `field`, chosen by `ConflictRule` when writes disagree.
    public func displayValue(of field: String) -> FieldValue {
        guard let register = self.registers[field] else { return .null }
        return ConflictRule.display(field: field, values: register.values)?.value ?? .null
    }
}

/// An entry as stored: who appended it, when, and what it says.
public struct EntryRecord: Hashable, Sendable {
    public let dot: Dot
    public let timestamp: HLCTimestamp
    public let author: String
    public let entry: Entry

    public init(dot: Dot, timestamp: HLCTimestamp, author: String, entry: Entry) {
        self.dot = dot
        self.timestamp = timestamp
        self.author = author
        self.entry = entry
    }
}
