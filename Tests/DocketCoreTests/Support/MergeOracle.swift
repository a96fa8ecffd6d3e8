import DocketCore
import DocketTestSupport

/// The merge rules of the design, computed the slow and obvious way from a record's whole operation set,
/// to check the incremental merge against.
enum MergeOracle {
    /// Differences between `state` and what the rules say `operations` (every operation on the record) give.
    static func differences(_ state: RecordState, operations: [ReplicatedOperation]) -> [String] {
        var clock = VectorClock()
        for operation in operations { clock.include(operation.dot) }
        var problems: [String] = []
        if state.clock != clock { problems.append("\(state.ref.id): clock \(state.clock), expected \(clock)") }
        problems += Self.registerDifferences(state, operations: operations)
        problems += Self.setDifferences(state, operations: operations)
        // Entries: every appended entry, keyed by its operation.
        var entries: [Dot: Entry] = [:]
        for operation in operations {
            for case .append(let entry) in operation.changes { entries[operation.dot] = entry }
        }
        if state.entries.mapValues(\.entry) != entries {
            problems.append("\(state.ref.id): entries \(state.entries.keys.sorted()), expected \(entries.keys.sorted())")
        }
        return problems
    }

    /// Registers: the writes to a field that no other write to it happened before.
    static func registerDifferences(_ state: RecordState, operations: [ReplicatedOperation]) -> [String] {
        var problems: [String] = []
        let name = state.ref.id
        var writes: [String: [(ReplicatedOperation, FieldValue)]] = [:]
        for operation in operations {
            var seen: Set<String> = []
            for case .set(let field, let value) in operation.changes where seen.insert(field).inserted {
                writes[field, default: []].append((operation, value))
            }
        }
        for (field, fieldWrites) in writes {
            let survivors = fieldWrites.filter { candidate in
                !fieldWrites.contains { other in other.0.clock.covers(candidate.0.dot) }
            }
            let expected = Set(survivors.map { RegisterValue(
                dot: $0.0.dot, timestamp: $0.0.timestamp, author: $0.0.author, value: $0.1) })
            let register = state.registers[field]
            if Set(register?.values ?? []) != expected {
                problems.append("\(name).\(field): values \(register?.values.map(\.dot) ?? []), expected \(expected.map(\.dot).sorted())")
                continue
            }
            let isConflicted = Set(survivors.map(\.1)).count > 1
            if register?.isConflicted != isConflicted || state.conflictedFields.contains(field) != isConflicted {
                problems.append("\(name).\(field): conflicted should be \(isConflicted)")
            }
            let shown = Self.displayed(field: field, survivors: survivors)
            if state.displayValue(of: field) != shown {
                problems.append("\(name).\(field): shows \(state.displayValue(of: field).display), expected \(shown.display)")
            }
        }
        if Set(state.registers.keys) != Set(writes.keys) {
            problems.append("\(name): registers \(state.registers.keys.sorted()), expected \(writes.keys.sorted())")
        }
        return problems
    }

    /// The display rule: `status` shows the least advanced step, other fields the latest write.
    static func displayed(field: String, survivors: [(ReplicatedOperation, FieldValue)]) -> FieldValue {
        if field == "status" {
            return survivors.min { a, b in
                let ra = CaseStatus(rawValue: a.1.text ?? "")!.rank, rb = CaseStatus(rawValue: b.1.text ?? "")!.rank
                return (ra, a.0.dot) < (rb, b.0.dot)
            }!.1
        }
        return survivors.max { a, b in (a.0.timestamp, a.0.dot.node) < (b.0.timestamp, b.0.dot.node) }!.1
    }

    /// Add-wins sets: an element is present while one of its adds has not been cancelled by a remove of
    /// that same element citing the add's dot.
    static func setDifferences(_ state: RecordState, operations: [ReplicatedOperation]) -> [String] {
        struct Tag: Hashable { let element: String; let dot: Dot }
        var cancelled: [String: Set<Tag>] = [:]
        var adds: [String: [Tag]] = [:]
        for operation in operations {
            for change in operation.changes {
                switch change {
                case .add(let set, let element): adds[set, default: []].append(Tag(element: element, dot: operation.dot))
                case .remove(let set, let element, let observed):
                    cancelled[set, default: []].formUnion(observed.map { Tag(element: element, dot: $0) })
                default: break
                }
            }
        }
        var problems: [String] = []
        for set in Set(adds.keys).union(cancelled.keys) {
            let present = Set((adds[set] ?? []).filter { !(cancelled[set] ?? []).contains($0) }.map(\.element))
            let actual = Set(state.sets[set]?.elements ?? [])
            if actual != present {
                problems.append("\(state.ref.id).\(set): \(actual.sorted()), expected \(present.sorted())")
            }
        }
        return problems
    }

    /// A random order of `operations` that keeps each origin's operations in `seq` order.
    static func interleaving(_ operations: [ReplicatedOperation], rng: inout SplitMix64) -> [ReplicatedOperation] {
        var queues = Dictionary(grouping: operations) { $0.dot.node }.sorted { $0.key < $1.key }
            .map { $0.value.sorted { $0.dot.seq < $1.dot.seq } }
        var result: [ReplicatedOperation] = []
        while !queues.isEmpty {
            let index = rng.below(queues.count)
            result.append(queues[index].removeFirst())
            if queues[index].isEmpty { queues.remove(at: index) }
        }
        return result
    }
}
