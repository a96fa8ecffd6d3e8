import DocketCodec
import DocketCore
import DocketTestSupport
import Testing

/// Property: for any operation, its body decodes to the same operation and re-encodes to the same bytes,
/// and equal operations give equal bytes however their parts were built. Bodies are what is hashed and
/// signed, so a second encoding of one operation would read as an equivocation.
@Suite struct OperationBodyPropertyTests {
    static let nodes = ["sh-pudong", "bj-chaoyang", "gz-tianhe", "hq", "a", "z9-branch-with-a-long-name"]
    static let texts = ["", "空调维修后仍然漏水", "引号\"和\\反斜杠", "换行\n制表\t", "a/b", "emoji 😀", "L3", String(repeating: "长", count: 300)]

    struct Generator {
        var rng: SplitMix64

        mutating func pick<T>(_ items: [T]) -> T { items[Int(self.rng.next() % UInt64(items.count))] }
        mutating func number(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self.rng) }
        mutating func node() -> NodeID { try! NodeID(self.pick(OperationBodyPropertyTests.nodes)) }
        mutating func text() -> String { self.pick(OperationBodyPropertyTests.texts) }

        /// JSON a newer Docket might write: never a bare string, integer or null at the top (those are
        /// ordinary values), and no integral doubles (they read back as integers).
        mutating func json(depth: Int = 0) -> JSONValue {
            switch self.number(0...(depth > 2 ? 3 : 5)) {
            case 0: return .bool(self.number(0...1) == 1)
            case 1: return .number(Double(self.number(-1000...1000)) + 0.25)
            case 2: return .string(self.text())
            case 3: return .integer(Int64(self.number(-100_000...100_000)))
            case 4: return .array((0..<self.number(0...3)).map { _ in self.json(depth: depth + 1) })
            default:
                var object: [String: JSONValue] = [:]
                for index in 0..<self.number(0...3) { object["键\(index)\(self.text().prefix(3))"] = self.json(depth: depth + 1) }
                return .object(object)
            }
        }

        mutating func value() -> FieldValue {
            switch self.number(0...4) {
            case 0: return .text(self.text())
            case 1: return .integer(Int64(self.number(Int.min...Int.max)))
            case 2: return .null
            case 3: return .json(.array([self.json(depth: 1)]))
            default: return .json(.bool(true))
            }
        }

        mutating func change() -> Change {
            switch self.number(0...3) {
            case 0: return .set(field: self.pick(["summary", "level", "owner", "root_cause"]), value: self.value())
            case 1: return .add(set: "tags", element: self.text())
            case 2:
                let observed = (0..<self.number(0...3)).map { _ in Dot(node: self.node(), seq: UInt64(self.number(1...9_999))) }
                return .remove(set: "tags", element: self.text(), observed: observed)
            default:
                return .append(entry: .untyped(kind: "escalation", body: .object(["to": .string(self.text()), "extra": self.json(depth: 1)])))
            }
        }

        /// An operation, and its clock's counters in the order they were added.
        mutating func operation() -> (ReplicatedOperation, [(NodeID, UInt64)]) {
            let counters = (0..<self.number(0...5)).map { _ in (self.node(), UInt64(self.number(1...1_000_000))) }
            var clock = VectorClock()
            for (node, seq) in counters { clock[node] = max(clock[node], seq) }
            let previous = ChainHash(bytes: (0..<32).map { _ in UInt8(self.number(0...255)) })!
            let operation = ReplicatedOperation(
                schema: UInt32(self.number(1...300)), dot: Dot(node: self.node(), seq: UInt64(self.number(1...Int(Int32.max)))),
                previous: previous, record: RecordRef(kind: self.number(0...1) == 0 ? .case : .customer, id: "记录-\(self.number(1...99))"),
                clock: clock, timestamp: HLCTimestamp(millis: UInt64(self.number(0...Int(Int64.max))), counter: UInt32(self.number(0...70_000))),
                author: self.pick(["王磊", "li.na", "", "引号\"作者"]), changes: (0..<self.number(1...6)).map { _ in self.change() })
            return (operation, counters)
        }
    }

    @Test(arguments: [UInt64(1), 2, 3, 4])
    func bodiesRoundTripAndAreCanonical(seed: UInt64) throws {
        var generator = Generator(rng: SplitMix64(seed: seed))
        for _ in 0..<300 {
            let (operation, counters) = generator.operation()
            let written = try EncodedOperation(operation)
            let read = try EncodedOperation(body: written.body)
            #expect(read.operation == operation, "seed \(seed)")
            #expect(try EncodedOperation(read.operation).body == written.body, "seed \(seed): re-encoding changed the bytes")
            #expect(read.hash == written.hash)

            // The same clock built in the opposite order: the same operation, so the same bytes.
            var reversed = VectorClock()
            for (node, seq) in counters.reversed() { reversed[node] = max(reversed[node], seq) }
            let rebuilt = ReplicatedOperation(
                schema: operation.schema, dot: operation.dot, previous: operation.previous, record: operation.record,
                clock: reversed, timestamp: operation.timestamp, author: operation.author, changes: operation.changes)
            #expect(rebuilt == operation)
            #expect(try EncodedOperation(rebuilt).body == written.body, "seed \(seed): equal operations, different bytes")
        }
    }
}
