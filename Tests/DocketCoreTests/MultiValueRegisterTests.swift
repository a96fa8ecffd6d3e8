import DocketCore
import Testing

@Suite struct MultiValueRegisterTests {
    let a = Fixtures.pudong
    let b = Fixtures.chaoyang
    let c = Fixtures.tianhe

    func write(_ node: NodeID, _ seq: UInt64, _ value: String, at millis: UInt64 = 1) -> RegisterValue {
        RegisterValue(dot: Dot(node: node, seq: seq), timestamp: HLCTimestamp(millis: millis), author: "李娜", value: .text(value))
    }

    @Test func aLaterWriteReplacesTheOneItSaw() {
        var register = MultiValueRegister()
        register.apply(self.write(a, 1, "客服中心"), clock: VectorClock())
        register.apply(self.write(b, 1, "技术支持部"), clock: VectorClock([a: 1]))
        #expect(register.values.map(\.value) == [.text("技术支持部")])
        #expect(!register.isConflicted)
    }

    @Test func concurrentWritesOfDifferentValuesAreKeptAsAConflict() {
        var register = MultiValueRegister()
        register.apply(self.write(a, 1, "客服中心"), clock: VectorClock())
        register.apply(self.write(a, 2, "技术支持部"), clock: VectorClock([a: 1]))
        register.apply(self.write(b, 1, "财务部"), clock: VectorClock([a: 1]))
        #expect(register.isConflicted)
        #expect(register.values.map(\.dot) == [Dot(node: b, seq: 1), Dot(node: a, seq: 2)])
        #expect(register.distinctValues.map(\.value) == [.text("财务部"), .text("技术支持部")])
    }

    @Test func concurrentWritesOfTheSameValueAreNotAConflict() {
        var register = MultiValueRegister()
        register.apply(self.write(a, 1, "财务部"), clock: VectorClock())
        register.apply(self.write(b, 1, "财务部"), clock: VectorClock())
        #expect(register.values.count == 2, "both writes survive")
        #expect(!register.isConflicted)
        #expect(register.distinctValues.count == 1)
    }

    /// A write that arrives after a write that saw it (different origins, no causal delivery) never shows.
    @Test func aSupersededWriteArrivingLateIsDroppedAtOnce() {
        var register = MultiValueRegister()
        register.apply(self.write(b, 1, "技术支持部"), clock: VectorClock([a: 1]))
        register.apply(self.write(a, 1, "客服中心"), clock: VectorClock())
        #expect(register.values.map(\.dot) == [Dot(node: b, seq: 1)])
        #expect(!register.isConflicted)
    }

    @Test func aCoveringWriteSettlesAConflict() {
        var register = MultiValueRegister()
        register.apply(self.write(a, 1, "财务部"), clock: VectorClock())
        register.apply(self.write(b, 1, "技术支持部"), clock: VectorClock())
        #expect(register.isConflicted)
        register.apply(self.write(c, 1, "技术支持部"), clock: VectorClock([a: 1, b: 1]))
        #expect(!register.isConflicted)
        #expect(register.values.map(\.dot) == [Dot(node: c, seq: 1)])
    }

    @Test func applyIsCommutativeAndIdempotentOverEveryOrder() {
        let writes: [(RegisterValue, VectorClock)] = [
            (self.write(a, 1, "客服中心"), VectorClock()),
            (self.write(b, 1, "财务部"), VectorClock([a: 1])),
            (self.write(c, 1, "技术支持部"), VectorClock([a: 1])),
            (self.write(a, 2, "客服中心"), VectorClock([a: 1])),
            (self.write(b, 2, "财务部"), VectorClock([a: 2, b: 1, c: 1])),
        ]
        var reference: MultiValueRegister?
        for order in Self.permutations(Array(writes.indices)) {
            var register = MultiValueRegister()
            for index in order + order.prefix(2) {
                register.apply(writes[index].0, clock: writes[index].1)
            }
            if let reference { #expect(register == reference, "order \(order)") } else { reference = register }
        }
        #expect(reference?.values.map(\.dot) == [Dot(node: b, seq: 2)])
    }

    static func permutations(_ items: [Int]) -> [[Int]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { index in
            var rest = items
            let first = rest.remove(at: index)
            return Self.permutations(rest).map { [first] + $0 }
        }
    }
}
