@testable import DocketCodec
import DocketCore
import DocketTestSupport
import Foundation
import Testing

/// Changes are read without Foundation when their JSON is in the form `ChangeCoding.encode` writes, and by
/// Foundation otherwise. Foundation's reading is the one that counts: the two must never differ, or
/// offices would read one operation two ways. Each test compares with `JSONDecoder` directly.
@Suite struct ChangeCodingTests {
    static func foundation(_ bytes: [UInt8]) -> [Change]? {
        try? JSONDecoder().decode([Change].self, from: Data(bytes))
    }

    static let day: Int64 = 1_795_395_600_000

    /// One entry of every kind this build types, with Chinese text and the characters JSON escapes.
    static func typedEntries(_ text: String) throws -> [Entry] {
        let dot = Dot(node: try NodeID("sh-pudong"), seq: 42)
        return [
            .handoff(try Handoff(
                fromDepartment: "客服中心", fromOwner: "李娜", toDepartment: "技术支持部", toOwner: "王磊", reason: "需要工程师上门\(text)",
                customerBackground: "老客户", problemDetails: "维修后仍漏水", measuresTaken: "已致歉")),
            .acceptance(try HandoffAcceptance(handoff: dot, note: text)),
            .contact(try ContactLog(
                at: Self.day, channel: .phone, participants: ["李娜", "客户王先生"], customerDemand: "尽快上门处理",
                keyIssues: "漏水导致地板受损\(text)", outcome: "约定明天上午上门",
                todos: [try ContactLog.Todo(owner: "王磊", due: Self.day + 86_400_000, plan: "带新排水管上门"),
                        try ContactLog.Todo(owner: "李娜", due: nil, plan: "回访")])),
            .commitment(try Commitment(text: "48小时内给出赔偿方案", owner: "王磊", due: Self.day)),
            .fulfilment(try Fulfilment(commitment: dot, note: "已赔付\(text)")),
            .followUpPlan(FollowUpPlan(scheduledFor: Self.day)),
            .followUp(try FollowUp(doneAt: Self.day, result: .satisfied, score: 5, comment: text)),
            .reopen(reason: "客户再次来电\(text)"),
            .closeWaiver(reason: "客户拒绝回访"),
        ]
    }

    static func remedies() throws -> [FieldValue] {
        [
            .remedy(try Remedy(kind: .refund, amount: "199.50", currency: "CNY", text: "退还部分货款")),
            .remedy(try Remedy(kind: .repair, amount: nil, currency: nil, text: "免费上门维修")),
        ]
    }

    /// Random changes of every shape: the property tests' generator, and typed entries and remedies.
    static func changes(seed: UInt64, count: Int) throws -> [[Change]] {
        var generator = OperationBodyPropertyTests.Generator(rng: SplitMix64(seed: seed))
        var lists: [[Change]] = []
        for _ in 0..<count {
            var changes: [Change] = (0..<generator.number(1...5)).map { _ in generator.change() }
            switch generator.number(0...2) {
            case 0: changes.append(.append(entry: generator.pick(try Self.typedEntries(generator.text()))))
            case 1: changes.append(.set(field: "remedy", value: generator.pick(try Self.remedies())))
            default: break
            }
            lists.append(changes)
        }
        return lists
    }

    /// Everything but a number with a fraction (only a newer Docket's unknown JSON holds one) is read
    /// without Foundation, and read the same.
    @Test func whatEncodeWritesIsReadWithoutFoundationAsFoundationReadsIt() throws {
        var fractions = 0
        for changes in try Self.changes(seed: 7, count: 500) {
            let bytes = try ChangeCoding.encode(changes)
            let read = ChangeCoding.decodeCanonical(bytes)
            #expect(try ChangeCoding.decode(bytes) == changes)
            if String(describing: changes).contains("JSONValue.number(") {
                fractions += 1
                #expect(read == nil)
                continue
            }
            #expect(read != nil, "not read without Foundation: \(String(decoding: bytes, as: UTF8.self))")
            #expect(read == Self.foundation(bytes))
            #expect(read == changes)
        }
        #expect(fractions < 250)
    }

    /// What `encode` writes is read by hand, not through `Decodable`, and read as `Decodable` reads it.
    @Test func whatEncodeWritesIsReadByHandAsDecodableReadsIt() throws {
        var byHand = 0
        for changes in try Self.changes(seed: 21, count: 500) {
            let bytes = try ChangeCoding.encode(changes)
            guard let tree = bytes.withUnsafeBufferPointer(JSONTree.parse) else { continue }
            let read = tree.changes()
            #expect(read != nil, "not read by hand: \(String(decoding: bytes, as: UTF8.self))")
            guard let read else { continue }
            byHand += 1
            #expect(read == JSONTreeDecoder.read([Change].self, from: tree))
            #expect(read == changes)
        }
        #expect(byHand > 250)
    }

    /// Shapes `encode` never writes, as a newer office or a damaged list might hold them: the hand reader
    /// leaves them to `Decodable`, and the reading is still Foundation's.
    @Test(arguments: [
        #"[{"set":{"field":"summary","value":"a","since":3}}]"#,
        #"[{"set":{"field":"summary","value":"a"},"unset":{"field":"x"}}]"#,
        #"[{"set":{"field":"summary","value":"a"},"add":{"element":"b","set":"tags"}}]"#,
        #"[{"rename":{"from":"a","to":"b"}}]"#,
        #"[{"set":{"field":"summary"}}]"#,
        #"[{"set":{"field":7,"value":"a"}}]"#,
        #"[{"add":{"element":"b","set":"tags","by":"hq"}}]"#,
        #"[{"remove":{"element":"b","set":"tags","observed":[{"node":"hq","seq":-1}]}}]"#,
        #"[{"remove":{"element":"b","set":"tags","observed":[{"node":"HQ","seq":1}]}}]"#,
        #"[{"remove":{"element":"b","set":"tags","observed":[{"node":"hq","seq":1,"at":2}]}}]"#,
        #"[{"remove":{"element":"b","set":"tags","observed":{"node":"hq","seq":1}}}]"#,
        #"[{"append":{"entry":{"kind":"reopen","body":{"reason":"再次来电"}},"pinned":true}}]"#,
        #"[{"set":null}]"#,
        #"{"set":{"field":"summary","value":"a"}}"#,
    ])
    func shapesEncodeNeverWritesAreLeftToDecodable(json: String) throws {
        let bytes = Array(json.utf8)
        let tree = try #require(bytes.withUnsafeBufferPointer(JSONTree.parse))
        #expect(tree.changes() == nil)
        #expect(ChangeCoding.decodeCanonical(bytes) == JSONTreeDecoder.read([Change].self, from: tree))
        #expect((try? ChangeCoding.decode(bytes)) == Self.foundation(bytes))
    }

    /// A value other than null, a string or an integer, and any entry, is read by its `Decodable` within the
    /// hand reading.
    @Test(arguments: [
        #"[{"set":{"field":"flag","value":true}}]"#,
        #"[{"set":{"field":"remedy","value":{"amount":"1.00","currency":"CNY","kind":"refund"}}}]"#,
        #"[{"set":{"field":"remedy","value":{"days":30,"kind":"voucher"}}}]"#,
        #"[{"set":{"field":"tags","value":["漏水",null,[]]}}]"#,
        #"[{"append":{"entry":{"kind":"survey","body":{"score":5}}}}]"#,
    ])
    func otherValuesAreReadByTheirDecodable(json: String) throws {
        let bytes = Array(json.utf8)
        let tree = try #require(bytes.withUnsafeBufferPointer(JSONTree.parse))
        let read = try #require(tree.changes())
        #expect(read == JSONTreeDecoder.read([Change].self, from: tree))
        #expect(read == Self.foundation(bytes))
    }

    /// Bytes a little different from what `encode` writes: whatever is read without Foundation must be what
    /// Foundation reads, and some of them must be (else the comparison tests nothing).
    @Test(arguments: [UInt64(11), 12, 13])
    func alteredBytesAreReadAsFoundationReadsThemOrLeftToIt(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        var readHere = 0
        var leftToFoundation = 0
        let alterations: [[UInt8]] = [
            Array(" ".utf8), Array("\n".utf8), Array(",".utf8), Array("\"".utf8), Array("\\".utf8), Array("0".utf8),
            Array("1.0".utf8), Array("-0".utf8), Array("e5".utf8), Array("null".utf8), Array("{}".utf8), Array("[]".utf8),
            Array("\\u0041".utf8), Array("\\ud800".utf8), Array("\\ud83d\\ude00".utf8), [0xFF], [0xE6, 0xBC], [0x01],
            Array("99999999999999999999".utf8), Array("\"kind\":\"reopen\",".utf8), Array("\"value\":1,".utf8),
        ]
        for changes in try Self.changes(seed: seed, count: 300) {
            let bytes = try ChangeCoding.encode(changes)
            for _ in 0..<20 {
                var altered = bytes
                let at = Int(rng.next() % UInt64(altered.count))
                switch rng.next() % 4 {
                case 0: altered.remove(at: at)
                case 1: altered.insert(contentsOf: alterations[Int(rng.next() % UInt64(alterations.count))], at: at)
                case 2: altered.replaceSubrange(at..<at + 1, with: alterations[Int(rng.next() % UInt64(alterations.count))])
                default:
                    // A digit changed.
                    altered[at] = altered[at] >= UInt8(ascii: "0") && altered[at] <= UInt8(ascii: "8") ? altered[at] + 1 : altered[at]
                }
                if let read = ChangeCoding.decodeCanonical(altered) {
                    readHere += 1
                    #expect(read == Self.foundation(altered), "read differently: \(String(decoding: altered, as: UTF8.self))")
                } else {
                    leftToFoundation += 1
                }
            }
        }
        #expect(readHere > 500)
        #expect(leftToFoundation > 500)
    }

    @Test(arguments: [
        #"[{"set":{"field":"summary","value":"a"}}, {"add":{"element":"b","set":"tags"}}]"#,
        #"[{"set":{"field":"opened_at","value":1.0}}]"#,
        #"[{"set":{"field":"opened_at","value":1e3}}]"#,
        #"[{"set":{"field":"opened_at","value":-0}}]"#,
        #"[{"set":{"field":"opened_at","value":9223372036854775808}}]"#,
        #"[{"set":{"field":"summary","value":"a","value":"b"}}]"#,
        #"[{"set":{"field":"summary","value":"\ud800"}}]"#,
        "[{\"set\":{\"field\":\"summary\",\"value\":\"tab\tinside\"}}]",
        "\u{FEFF}[]",
    ])
    func formsEncodeNeverWritesAreLeftToFoundation(json: String) throws {
        let bytes = Array(json.utf8)
        #expect(ChangeCoding.decodeCanonical(bytes) == nil)
        let decoded = try? ChangeCoding.decode(bytes)
        #expect(decoded == Self.foundation(bytes))
    }

    /// An operation's changes are hashed and signed as written, so writing them by hand must give
    /// Foundation's bytes exactly, for every shape it writes at all; the rest is Foundation's to write.
    @Test func changesWrittenByHandAreFoundationsBytes() throws {
        var byHand = 0
        for changes in try Self.changes(seed: 17, count: 1_000) {
            let foundation = try ChangeCoding.foundationEncode(changes)
            #expect(try ChangeCoding.encode(changes) == foundation)
            let holdsOnlyFoundations = changes.contains {
                switch $0 {
                case .set(_, .remedy), .set(_, .json): true
                case .append(let entry): JSONTextEncoder.encode(entry) == nil
                default: false
                }
            }
            guard let written = ChangeCoding.writtenByHand(changes) else {
                #expect(holdsOnlyFoundations, "left to Foundation: \(changes)")
                continue
            }
            #expect(!holdsOnlyFoundations)
            #expect(written == foundation, "\(String(decoding: written, as: UTF8.self))")
            byHand += 1
        }
        #expect(byHand > 300, "only \(byHand) of 1,000 written by hand")
        #expect(byHand < 1_000, "a remedy is Foundation's to write")
    }

    /// What a person types: Chinese, quotes, backslashes, slashes, line breaks, every control character,
    /// and the ends of the integer range.
    @Test func escapesAndIntegersAreWrittenAsFoundationWritesThem() throws {
        let node = try NodeID("sh-pudong")
        var changes: [Change] = [.set(field: "opened_at", value: .integer(.min)), .set(field: "due", value: .integer(.max)),
                                 .set(field: "owner", value: .null), .add(set: "tags", element: "")]
        for text in JSONTextEncoderTests.texts {
            changes.append(.set(field: "summary", value: .text(text)))
            changes.append(.add(set: "tags", element: text))
            changes.append(.remove(set: "tags", element: text, observed: [Dot(node: node, seq: 1), Dot(node: node, seq: Dot.maximumSeq)]))
            changes.append(.remove(set: text, element: "漏水", observed: []))
            for entry in (try? Self.typedEntries(text)) ?? [] { changes.append(.append(entry: entry)) }
        }
        let written = try #require(ChangeCoding.writtenByHand(changes))
        #expect(written == (try ChangeCoding.foundationEncode(changes)))
        #expect(ChangeCoding.writtenByHand([]) == (try ChangeCoding.foundationEncode([])))
    }

    @Test func escapesAndTheWholeIntegerRangeReadAsFoundationReadsThem() throws {
        let json = #"[{"set":{"field":"summary","value":"\u00e9\ud83d\ude00\/\"\\\b\f\n\r\t\u0000空调"}},"#
            + #"{"set":{"field":"opened_at","value":-9223372036854775808}},{"set":{"field":"x","value":9223372036854775807}},"#
            + #"{"set":{"field":"y","value":[1,true,false,null,{"键":{}}]}},{"remove":{"element":"漏水","observed":[{"node":"hq","seq":3}],"set":"tags"}}]"#
        let bytes = Array(json.utf8)
        let read = try #require(ChangeCoding.decodeCanonical(bytes))
        #expect(read == Self.foundation(bytes))
        #expect(read.first == .set(field: "summary", value: .text("é😀/\"\\\u{08}\u{0C}\n\r\t\u{00}空调")))
    }

    /// A type Foundation reads its own way is never read by the strict reader, even when the type's own
    /// decoding would swallow the error: the whole reading is left to Foundation.
    struct Measured: Decodable, Equatable {
        let weight: Float?
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.weight = try? container.decode(Float.self, forKey: .weight)
        }
        enum CodingKeys: String, CodingKey { case weight }
    }

    struct Dated: Decodable { let at: Date }
    struct Huge: Decodable { let count: Int128 }

    @Test func typesFoundationReadsItsOwnWayAreLeftToIt() throws {
        let json = Array(#"{"weight":16777217,"at":0,"count":1}"#.utf8)
        let tree = try #require(json.withUnsafeBufferPointer(JSONTree.parse))
        #expect(JSONTreeDecoder.read(Measured.self, from: tree) == nil)
        #expect(try JSONDecoder().decode(Measured.self, from: Data(json)).weight == 16_777_216)
        #expect(JSONTreeDecoder.read(Dated.self, from: tree) == nil)
        #expect(JSONTreeDecoder.read(Huge.self, from: tree) == nil)
        // The number types it does read, as Foundation does, out of range included.
        struct Counted: Decodable, Equatable { let weight: Int32; let count: UInt8 }
        let counted = try #require(JSONTreeDecoder.read(Counted.self, from: tree))
        #expect(counted == (try JSONDecoder().decode(Counted.self, from: Data(json))))
        struct Narrow: Decodable { let weight: UInt16 }
        #expect(JSONTreeDecoder.read(Narrow.self, from: tree) == nil)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(Narrow.self, from: Data(json)) }
    }
}
