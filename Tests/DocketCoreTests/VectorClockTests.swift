import DocketCore
import DocketTestSupport
import Foundation
import Testing

@Suite struct VectorClockTests {
    let a = Fixtures.pudong
    let b = Fixtures.chaoyang
    let c = Fixtures.tianhe

    @Test func printsInNodeOrderAndParsesBack() throws {
        let clock = VectorClock([b: 7, a: 3, c: 0])
        #expect(clock.description == "bj-chaoyang:7,sh-pudong:3")
        #expect(try VectorClock(parsing: clock.description, field: "since") == clock)
        #expect(try VectorClock(parsing: " sh-pudong:3 , bj-chaoyang:7", field: "since") == clock)
        #expect(try VectorClock(parsing: "", field: "since") == VectorClock())
        #expect(VectorClock().description == "")
    }

    @Test(arguments: ["sh-pudong", "sh-pudong:0", "sh-pudong:-1", "SH:1", "sh-pudong:x", "sh-pudong:1:2", ":4"])
    func refusesMalformedText(text: String) {
        #expect(throws: InputError.self) { try VectorClock(parsing: text, field: "since") }
        do {
            _ = try VectorClock(parsing: text, field: "since")
        } catch let error as InputError {
            #expect(error.field == "since")
            #expect(error.description.hasPrefix("since: "))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func refusesANodeNamedTwice() {
        #expect(throws: InputError(field: "since", "names sh-pudong twice")) {
            try VectorClock(parsing: "sh-pudong:1,sh-pudong:2", field: "since")
        }
    }

    @Test func zeroCountersAreNotStoredSoEqualClocksCompareEqual() {
        var clock = VectorClock([a: 0])
        #expect(clock == VectorClock())
        clock[a] = 2
        clock[a] = 0
        #expect(clock == VectorClock())
        #expect(clock.isEmpty)
    }

    @Test func coversDominatesAndMerges() {
        let x = VectorClock([a: 2, b: 1])
        let y = VectorClock([a: 1, c: 4])
        #expect(x.covers(Dot(node: a, seq: 2)))
        #expect(!x.covers(Dot(node: a, seq: 3)))
        #expect(!x.covers(Dot(node: c, seq: 1)))
        #expect(!x.dominates(y) && !y.dominates(x))
        let joined = x.merging(y)
        #expect(joined == VectorClock([a: 2, b: 1, c: 4]))
        #expect(joined.dominates(x) && joined.dominates(y))
        #expect(x.merging(y) == y.merging(x))
        #expect(joined.merging(x) == joined)
        #expect(joined.total == 7)
        var included = x
        included.include(Dot(node: a, seq: 1))
        #expect(included == x, "including an older dot changes nothing")
        included.include(Dot(node: c, seq: 9))
        #expect(included[c] == 9)
    }

    /// The clock keeps sorted entries, not a dictionary: checked against a dictionary under random sets,
    /// includes and merges, and equal clocks built in different orders are equal and hash the same.
    @Test func behavesAsTheMapItStandsFor() {
        var random = SplitMix64(seed: 7)
        let nodes = try! (0..<12).map { try NodeID("office-\($0)") }
        for _ in 0..<200 {
            var clock = VectorClock()
            var model: [NodeID: UInt64] = [:]
            for _ in 0..<random.int(in: 1...30) {
                let node = random.pick(nodes)
                let seq = UInt64(random.int(in: 0...5))
                switch random.below(3) {
                case 0:
                    clock[node] = seq
                    model[node] = seq
                case 1:
                    clock.include(Dot(node: node, seq: seq))
                    model[node] = max(model[node] ?? 0, seq)
                default:
                    var other: [NodeID: UInt64] = [nodes[0]: 1]
                    other[node] = seq
                    for _ in 0..<random.below(5) { other[random.pick(nodes)] = UInt64(random.int(in: 0...5)) }
                    clock.merge(VectorClock(other))
                    for (node, seq) in other { model[node] = max(model[node] ?? 0, seq) }
                }
            }
            for node in nodes { #expect(clock[node] == model[node] ?? 0) }
            let held = model.filter { $0.value > 0 }
            #expect(clock.sortedEntries.map(\.node) == held.keys.sorted())
            #expect(clock.isEmpty == held.isEmpty)
            let rebuilt = VectorClock(held)
            var reversed = VectorClock()
            for (node, seq) in held.sorted(by: { $0.key > $1.key }) { reversed[node] = seq }
            #expect(clock == rebuilt && clock == reversed)
            #expect(clock.hashValue == reversed.hashValue)
        }
    }

    /// Clocks from elsewhere may name thousands of offices, interleaved with those held.
    @Test func largeInterleavedClocksMerge() throws {
        let evens = VectorClock(Dictionary(uniqueKeysWithValues: try (0..<3_000).map { (try NodeID("n\($0 * 2)"), UInt64($0 + 1)) }))
        let all = VectorClock(Dictionary(uniqueKeysWithValues: try (0..<6_000).map { (try NodeID("n\($0)"), UInt64(2)) }))
        let merged = evens.merging(all)
        #expect(merged.sortedEntries.count == 6_000)
        let (odd, lastEven, even) = (try NodeID("n1"), try NodeID("n5998"), try NodeID("n2"))
        #expect(merged[odd] == 2 && merged[lastEven] == 3_000 && merged[even] == 2)
        #expect(merged == all.merging(evens))
        #expect(merged.dominates(evens) && merged.dominates(all))
    }

    @Test func admissionIsNextDuplicateOrGap() {
        let vector = VersionVector([a: 3])
        #expect(vector.admission(of: Dot(node: a, seq: 4)) == .next)
        #expect(vector.admission(of: Dot(node: a, seq: 3)) == .duplicate)
        #expect(vector.admission(of: Dot(node: a, seq: 1)) == .duplicate)
        #expect(vector.admission(of: Dot(node: a, seq: 6)) == .gap(expected: 4))
        #expect(vector.admission(of: Dot(node: b, seq: 1)) == .next)
        #expect(vector.admission(of: Dot(node: b, seq: 2)) == .gap(expected: 1))
    }

    @Test func encodesAsASortedJSONObject() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let clock = VectorClock([b: 7, a: 3])
        let json = String(decoding: try encoder.encode(clock), as: UTF8.self)
        #expect(json == #"{"bj-chaoyang":7,"sh-pudong":3}"#)
        #expect(try JSONDecoder().decode(VectorClock.self, from: Data(json.utf8)) == clock)
        #expect(throws: InputError.self) {
            try JSONDecoder().decode(VectorClock.self, from: Data(#"{"Bad Node":1}"#.utf8))
        }
    }
}

@Suite struct IdentityTests {
    @Test(arguments: ["sh-pudong", "hq", "a", "bj-chaoyang-2", String(repeating: "x", count: 32)])
    func acceptsNodeIDs(text: String) throws {
        #expect(try NodeID(text).rawValue == text)
    }

    @Test(arguments: ["", "SH-pudong", "1sh", "-sh", "sh_pudong", "sh pudong", "上海", String(repeating: "x", count: 33)])
    func refusesNodeIDs(text: String) {
        #expect(!NodeID.isValid(text))
        #expect {
            try NodeID(text)
        } throws: { error in
            (error as? InputError)?.field == "node_id"
        }
    }

    @Test func dotsPrintAndParseAsNodeColonSeq() throws {
        let dot = Dot(node: Fixtures.pudong, seq: 17)
        #expect(dot.description == "sh-pudong:17")
        #expect(try Dot(parsing: "sh-pudong:17", field: "handoff") == dot)
        for bad in ["sh-pudong", "sh-pudong:0", "sh-pudong:", "Sh:1", "sh-pudong:1:1"] {
            #expect(throws: InputError.self) { try Dot(parsing: bad, field: "handoff") }
        }
        #expect(Dot(node: Fixtures.chaoyang, seq: 9) < Dot(node: Fixtures.pudong, seq: 1))
        #expect(Dot(node: Fixtures.pudong, seq: 2) < Dot(node: Fixtures.pudong, seq: 10))
    }

    @Test func recordIDsComeFromTheCreatingDot() {
        let dot = Dot(node: Fixtures.pudong, seq: 17)
        #expect(RecordRef.created(by: dot, kind: .case).id == "case-sh-pudong-17")
        #expect(RecordRef.created(by: dot, kind: .customer).id == "cust-sh-pudong-17")
    }

    @Test func inputErrorsReadAsOneLineNamingTheField() {
        let error = InputError(field: "summary", "must not be empty")
        #expect(error.description == "summary: must not be empty")
        #expect(throws: InputError(field: "summary", "must not be empty")) {
            try InputError.checkText("  \n ", field: "summary")
        }
        #expect(throws: InputError(field: "summary", "contains control characters")) {
            try InputError.checkText("空调\u{07}漏水", field: "summary")
        }
        #expect(throws: InputError(field: "summary", "is not valid UTF-8 text")) {
            try InputError.checkText("空调\u{FFFD}漏水", field: "summary")
        }
        #expect(throws: InputError(field: "reason", "is 6 characters long; the limit is 5")) {
            try InputError.checkText("客户投诉漏水", field: "reason", maxLength: 5)
        }
        // Chinese text counts characters, not bytes; newlines and tabs are ordinary text.
        #expect(throws: Never.self) { try InputError.checkText("客户投诉漏水", field: "reason", maxLength: 6) }
        // A character of several scalars counts once; at the limit in bytes or in characters is within it.
        #expect(throws: Never.self) { try InputError.checkText(String(repeating: "e\u{301}", count: 5), field: "reason", maxLength: 5) }
        #expect(throws: Never.self) { try InputError.checkText("abcde", field: "reason", maxLength: 5) }
        #expect(throws: InputError(field: "reason", "is 6 characters long; the limit is 5")) {
            try InputError.checkText("abcdef", field: "reason", maxLength: 5)
        }
        #expect(throws: InputError(field: "summary", "must not be empty")) { try InputError.checkText("\u{3000}\t", field: "summary") }
        #expect(throws: Never.self) { try InputError.checkText("第一行\n\t第二行", field: "details") }
        #expect(throws: Never.self) { try InputError.checkText("", field: "details", allowEmpty: true) }
    }
}

@Suite struct HybridLogicalClockTests {
    @Test func ticksIncreaseWhenTheWallClockStallsOrGoesBack() {
        var clock = HybridLogicalClock()
        let first = clock.tick(now: 1000)
        let second = clock.tick(now: 1000)
        let third = clock.tick(now: 400)
        let fourth = clock.tick(now: 2000)
        #expect(first == HLCTimestamp(millis: 1000))
        #expect(second == HLCTimestamp(millis: 1000, counter: 1))
        #expect(third == HLCTimestamp(millis: 1000, counter: 2))
        #expect(fourth == HLCTimestamp(millis: 2000))
        #expect(first < second && second < third && third < fourth)
    }

    @Test func observingARemoteTimestampMakesLaterTicksSortAfterIt() {
        var slow = HybridLogicalClock()
        _ = slow.tick(now: 1000)
        let remote = HLCTimestamp(millis: 5 * 3_600_000, counter: 3)
        slow.observe(remote)
        let next = slow.tick(now: 1001)
        #expect(next > remote)
        slow.observe(HLCTimestamp(millis: 5))
        #expect(slow.last == next, "an older remote timestamp changes nothing")
        #expect(HLCTimestamp(millis: 12, counter: 3).description == "12.3")
    }
}

@Suite struct HybridLogicalClockBoundsTests {
    @Test func aSpentCounterBorrowsTheNextMillisecondInsteadOfTrapping() {
        var clock = HybridLogicalClock(last: HLCTimestamp(millis: 1 << 62, counter: UInt32.max))
        let next = clock.tick(now: 1_750_000_000_000)
        #expect(next == HLCTimestamp(millis: (1 << 62) + 1))
    }

    @Test func aSaturatedClockStaysPutAndNeverGoesBack() {
        var clock = HybridLogicalClock(last: HLCTimestamp(millis: HLCTimestamp.maximumMillis, counter: UInt32.max))
        let saturated = clock.tick(now: UInt64.max)
        #expect(saturated == HLCTimestamp(millis: HLCTimestamp.maximumMillis, counter: UInt32.max))
        let afterWallClockWentBack = clock.tick(now: 0)
        #expect(afterWallClockWentBack == saturated)
    }

    @Test func aWallClockBeyondTheStorableRangeIsCapped() {
        var clock = HybridLogicalClock()
        let capped = clock.tick(now: UInt64.max)
        #expect(capped.millis == HLCTimestamp.maximumMillis)
    }

    @Test func aRemoteReadingFarAheadMovesTheClockOnlyUpToTheCeiling() {
        let now: UInt64 = 1_750_000_000_000
        let ceiling = HybridLogicalClock.ceiling(now: now, maximumAheadMillis: 5 * 60_000)
        var clock = HybridLogicalClock()
        _ = clock.tick(now: now)
        // An office whose clock says 2100.
        let beyond = clock.observe(HLCTimestamp(millis: 4_102_444_800_000, counter: 7), ceiling: ceiling)
        #expect(beyond)
        #expect(clock.last == HLCTimestamp(millis: ceiling))
        let next = clock.tick(now: now + 1)
        #expect(next == HLCTimestamp(millis: ceiling, counter: 1))
        let behind = clock.observe(HLCTimestamp(millis: now - 10), ceiling: ceiling)
        #expect(!behind, "a reading behind changes nothing")
        #expect(clock.last == HLCTimestamp(millis: ceiling, counter: 1))
    }

    @Test func theCeilingSaturates() {
        #expect(HybridLogicalClock.ceiling(now: UInt64.max - 1, maximumAheadMillis: 10) == HLCTimestamp.maximumMillis)
        #expect(HybridLogicalClock.ceiling(now: 1000, maximumAheadMillis: 10) == 1010)
    }
}
