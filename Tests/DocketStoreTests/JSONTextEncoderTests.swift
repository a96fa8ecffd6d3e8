import DocketCodec
import DocketCore
@testable import DocketStore
import DocketTestSupport
import Foundation
import Testing

/// Entries are written for the `entries` table without Foundation where `JSONTextEncoder` writes what
/// Foundation's `JSONEncoder` writes. The table's bytes are digested and compared across offices and
/// builds, so the two must never differ: each test compares with Foundation directly.
@Suite struct JSONTextEncoderTests {
    /// Every character JSON escapes, and others Foundation leaves as they are.
    static let texts = [
        "", "客户投诉维修后空调仍漏水", "引号\"和\\反斜杠/斜杠", "换行\n制表\t回车\r退格\u{8}换页\u{c}",
        (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }.joined(), "\u{7f}\u{2028}\u{2029}é😀👨‍👩‍👧",
    ]

    static func expectSame<T: Encodable>(_ value: T, _ comment: Comment? = nil) throws {
        let foundation = try Coding.foundationEncode(value)
        let written = JSONTextEncoder.encode(value)
        #expect(written == foundation, comment)
    }

    @Test func everyTypedEntryIsWrittenAsFoundationWritesIt() throws {
        var kinds: Set<String> = []
        // The texts a typed entry accepts: no control characters but line breaks.
        for text in Self.texts + ["引号\"和\\反斜杠/斜杠", "第一行\n第二行", "\u{7f}\u{2028}é😀👨‍👩‍👧"] {
            guard let entries = try? ChangeCodingTests.typedEntries(text) else { continue }
            for entry in entries {
                try Self.expectSame(entry, "\(entry.kind)")
                #expect(try Coding.encode(entry) == (try Coding.foundationEncode(entry)))
                kinds.insert(entry.kind)
            }
        }
        #expect(kinds.count == 9)
    }

    struct Generator {
        var rng: SplitMix64
        static let keys = ["a", "B", "Zeta", "a10", "a9", "to_owner", "toOwner", "aB", "a_b", "键", "é", "", "x y", "\"q\""]

        mutating func value(depth: Int) -> JSONValue {
            switch Int.random(in: 0...(depth < 4 ? 6 : 3), using: &self.rng) {
            case 0: return .null
            case 1: return .bool(Bool.random(using: &self.rng))
            case 2: return .integer([Int64.min, Int64.max, 0, -1, 42, Int64.random(in: .min ... .max, using: &self.rng)]
                .randomElement(using: &self.rng)!)
            case 3: return .string(JSONTextEncoderTests.texts.randomElement(using: &self.rng)!)
            case 4: return .array((0..<Int.random(in: 0...4, using: &self.rng)).map { _ in self.value(depth: depth + 1) })
            default:
                var members: [String: JSONValue] = [:]
                for _ in 0..<Int.random(in: 0...6, using: &self.rng) {
                    members[Self.keys.randomElement(using: &self.rng)!] = self.value(depth: depth + 1)
                }
                return .object(members)
            }
        }
    }

    /// Entries a newer Docket wrote keep their JSON: any keys, in any case, nested any way.
    @Test func untypedEntriesAreWrittenAsFoundationWritesThem() throws {
        var generator = Generator(rng: SplitMix64(seed: 7))
        for index in 0..<2_000 {
            let entry = Entry.untyped(kind: "escalation", body: generator.value(depth: 0))
            try Self.expectSame(entry, "\(index)")
        }
    }

    /// The changes of random operations, remedies and typed entries among them. Those holding a number
    /// with a fraction (only a newer Docket's unknown JSON does) are left to Foundation.
    @Test func changesAreWrittenAsFoundationWritesThem() throws {
        var written = 0
        for changes in try ChangeCodingTests.changes(seed: 5, count: 500) {
            guard let text = JSONTextEncoder.encode(changes) else { continue }
            #expect(text == (try Coding.foundationEncode(changes)))
            written += 1
        }
        #expect(written > 250, "only \(written) of 500 written without Foundation")
    }

    /// A fraction, or a type Foundation writes its own way, is left to Foundation, wherever it is.
    @Test func whatFoundationWritesItsOwnWayIsLeftToIt() throws {
        #expect(JSONTextEncoder.encode(Entry.untyped(kind: "k", body: .object(["n": .array([.number(1.5)])]))) == nil)
        #expect(JSONTextEncoder.encode([Date(timeIntervalSince1970: 0)]) == nil)
        #expect(JSONTextEncoder.encode(["d": Data([1, 2])]) == nil)
        #expect(JSONTextEncoder.encode(Decimal(string: "1.5")!) == nil)
        #expect(JSONTextEncoder.encode(Float(2)) == nil)
        let entry = Entry.untyped(kind: "k", body: .object(["n": .number(0.1)]))
        #expect(try Coding.encode(entry) == (try Coding.foundationEncode(entry)))
        // Foundation stops writing at 512 levels; long before that, nesting is left to it.
        var deep = JSONValue.integer(1)
        for _ in 0..<100 { deep = .array([deep]) }
        #expect(JSONTextEncoder.encode(Entry.untyped(kind: "k", body: deep)) == nil)
        let nested = Entry.untyped(kind: "k", body: deep)
        #expect(try Coding.encode(nested) == (try Coding.foundationEncode(nested)))
    }
}
