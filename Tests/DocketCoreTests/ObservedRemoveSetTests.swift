import DocketCore
import Testing

@Suite struct ObservedRemoveSetTests {
    let a = Fixtures.pudong
    let b = Fixtures.chaoyang

    @Test func addThenRemoveOfTheObservedTagsRemoves() {
        var set = ObservedRemoveSet()
        set.add("漏水", tag: Dot(node: a, seq: 1))
        #expect(set.contains("漏水"))
        #expect(set.tags(of: "漏水") == [Dot(node: a, seq: 1)])
        set.remove("漏水", observed: set.tags(of: "漏水"))
        #expect(!set.contains("漏水"))
        #expect(set.elements.isEmpty)
    }

    @Test func anAddConcurrentWithARemoveSurvives() {
        var set = ObservedRemoveSet()
        set.add("加急", tag: Dot(node: a, seq: 1))
        // b removes having seen only a:1, while a adds again (a:2) concurrently.
        set.add("加急", tag: Dot(node: a, seq: 2))
        set.remove("加急", observed: [Dot(node: a, seq: 1)])
        #expect(set.contains("加急"))
        #expect(set.tags(of: "加急") == [Dot(node: a, seq: 2)])
    }

    @Test func aRemoveArrivingBeforeItsAddStillCancelsIt() {
        var set = ObservedRemoveSet()
        set.remove("保修期内", observed: [Dot(node: a, seq: 3)])
        set.add("保修期内", tag: Dot(node: a, seq: 3))
        #expect(!set.contains("保修期内"))
        var inOrder = ObservedRemoveSet()
        inOrder.add("保修期内", tag: Dot(node: a, seq: 3))
        inOrder.remove("保修期内", observed: [Dot(node: a, seq: 3)])
        #expect(set == inOrder)
    }

    @Test func elementsAreSorted() {
        var set = ObservedRemoveSet()
        for (seq, tag) in ["二次投诉", "加急", "漏水", "vip"].enumerated() {
            set.add(tag, tag: Dot(node: b, seq: UInt64(seq + 1)))
        }
        #expect(set.elements == ["vip", "二次投诉", "加急", "漏水"].sorted())
    }

    @Test func everyOrderOfAddsAndRemovesGivesTheSameSet() {
        enum Step { case add(String, Dot), remove(String, [Dot]) }
        let steps: [Step] = [
            .add("漏水", Dot(node: a, seq: 1)),
            .add("加急", Dot(node: a, seq: 2)),
            .remove("漏水", [Dot(node: a, seq: 1)]),
            .add("漏水", Dot(node: b, seq: 1)),
            .remove("加急", [Dot(node: a, seq: 2)]),
            .add("加急", Dot(node: b, seq: 2)),
        ]
        var reference: ObservedRemoveSet?
        for order in MultiValueRegisterTests.permutations(Array(steps.indices)) {
            var set = ObservedRemoveSet()
            for index in order + [order[0], order[3]] {
                switch steps[index] {
                case .add(let element, let tag): set.add(element, tag: tag)
                case .remove(let element, let observed): set.remove(element, observed: observed)
                }
            }
            if let reference { #expect(set == reference, "order \(order)") } else { reference = set }
        }
        #expect(reference?.elements == ["加急", "漏水"])
    }

    /// One operation adding two traits (`docket customer add --trait … --trait …`) gives both adds the same
    /// tag, the operation's dot. A remove of one of them must give the same set whether it arrives before or
    /// after the add, and must leave the other trait alone.
    @Test func removeCitingATagSharedByTwoElementsConvergesInEitherOrder() {
        let addBoth = ReplicatedOperation.make(
            a, 1, record: Fixtures.customerRef,
            [.add(set: "traits", element: "价格敏感型"), .add(set: "traits", element: "技术优先型")])
        let removeOne = ReplicatedOperation.make(
            b, 1, record: Fixtures.customerRef, clock: VectorClock([a: 1]),
            [.remove(set: "traits", element: "价格敏感型", observed: [Dot(node: a, seq: 1)])])
        var addFirst = RecordState(ref: Fixtures.customerRef)
        addFirst.apply(addBoth)
        addFirst.apply(removeOne)
        var removeFirst = RecordState(ref: Fixtures.customerRef)
        removeFirst.apply(removeOne)
        removeFirst.apply(addBoth)
        #expect(addFirst == removeFirst)
        #expect(addFirst.sets["traits"]?.elements == ["技术优先型"])
    }
}
