import DocketCore
import DocketTestSupport
import Testing

/// `String(validUTF8:)` stands in for the standard library's `String(validating:as:)`; it must accept and
/// refuse exactly the same bytes and give the same text.
@Suite struct ValidUTF8Tests {
    static func both(_ bytes: [UInt8]) -> (String?, String?) {
        bytes.withUnsafeBufferPointer { (String(validUTF8: $0), String(validating: $0, as: UTF8.self)) }
    }

    @Test(arguments: [
        [], Array("bench-a".utf8), Array("空调漏水，客户要求上门😀".utf8),
        [0x80], [0xFF], [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF0, 0x9F, 0x98],
        [0xF4, 0x90, 0x80, 0x80], [0x61, 0xE6, 0xBC], [0xE6, 0xBC, 0x8F, 0xEF, 0xBF, 0xBD], [0xEF, 0xBF, 0xBD],
    ] as [[UInt8]])
    func namedSequencesAreJudgedAsTheStandardLibraryJudgesThem(bytes: [UInt8]) {
        let (ours, standard) = Self.both(bytes)
        #expect(ours == standard)
    }

    /// Random bytes, mostly from valid text with a byte changed, dropped or added, so both outcomes occur.
    @Test func randomBytesAreJudgedAsTheStandardLibraryJudgesThem() {
        var rng = SplitMix64(seed: 5)
        let texts = ["客服中心", "a\u{0}b", "é😀/\"", "BA01-000413", "漏水导致地板受损"].map { Array($0.utf8) }
        var valid = 0
        var invalid = 0
        for _ in 0..<20_000 {
            var bytes = texts[Int(rng.next() % UInt64(texts.count))] + texts[Int(rng.next() % UInt64(texts.count))]
            let at = Int(rng.next() % UInt64(bytes.count))
            switch rng.next() % 4 {
            case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
            case 1: bytes.remove(at: at)
            case 2: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
            default: break
            }
            let (ours, standard) = Self.both(bytes)
            #expect(ours == standard, "\(bytes)")
            if standard == nil { invalid += 1 } else { valid += 1 }
        }
        #expect(valid > 5_000)
        #expect(invalid > 5_000)
    }
}
