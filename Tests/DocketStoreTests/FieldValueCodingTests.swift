import DocketCore
import Foundation
import Testing

@testable import DocketStore

/// The register-value fast paths write and read exactly what JSONEncoder and JSONDecoder do.
@Suite struct FieldValueCodingTests {
    static let values: [FieldValue] = [
        .text("空调维修后仍然漏水"), .text(""), .text("a/b"), .text("引号\"和\\反斜杠"), .text("换行\n制表\t"),
        .text("emoji 😀"), .integer(0), .integer(-1), .integer(Int64.max), .integer(Int64.min), .null,
        .remedy(try! Remedy(kind: .refund, amount: "123.00", currency: "CNY", text: "退款")),
        .remedy(try! Remedy(kind: .apology, amount: nil, currency: nil, text: "当面致歉/书面说明")),
        .remedy(try! Remedy(kind: .coupon, amount: "50", currency: "CNY", text: "引号\"需要转义")),
        .remedy(try! Remedy(kind: .other, amount: nil, currency: "USD", text: "换货 replacement")),
        .remedy(try! Remedy(kind: .repair, amount: nil, currency: nil, text: "上门维修\n两次")),
    ]

    @Test(arguments: Self.values) func theFastPathMatchesTheGenericCoder(_ value: FieldValue) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let generic = String(decoding: try encoder.encode(value), as: UTF8.self)
        #expect(try Coding.encode(value) == generic)
        #expect(try Coding.decode(FieldValue.self, from: generic) == value)
        // The compact path itself takes every remedy whose text needs no escape, not only the fallback.
        if case .remedy(let remedy) = value, !generic.contains("\\") {
            #expect(Coding.decodeCompactRemedy(generic) == remedy)
            #expect(Coding.encodeCompact(remedy) == generic)
        }
    }

    /// A remedy in JSON other than the compact form (an unknown kind or key, an amount the remedy refuses,
    /// whitespace, keys out of order, an escape, a missing text) decodes exactly as JSONDecoder decodes it.
    @Test func remediesOutsideTheCompactFormDecodeAsBefore() throws {
        for text in [
            #"{"kind":"voucher","text":"新的补偿方式"}"#, #"{"kind":"refund","text":"退款","due":"明天"}"#,
            #"{"amount":"十元","currency":"CNY","kind":"refund","text":"退款"}"#, #"{ "kind":"gift","text":"礼品" }"#,
            #"{"text":"礼品","kind":"gift"}"#, #"{"kind":"gift","text":"礼"}"#, #"{"kind":"gift"}"#, "{}",
        ] {
            let generic = try JSONDecoder().decode(FieldValue.self, from: Data(text.utf8))
            #expect(try Coding.decode(FieldValue.self, from: text) == generic, "\(text)")
        }
    }

    @Test func textThatOnlyLooksLikeANumberOrNullStaysText() throws {
        for text in ["12", "null", "-0", "007"] {
            #expect(try Coding.decode(FieldValue.self, from: try Coding.encode(FieldValue.text(text))) == .text(text))
        }
        // JSON that is not in the compact form still decodes, through JSONDecoder.
        #expect(try Coding.decode(FieldValue.self, from: " \"空格\" ") == .text("空格"))
        #expect(try Coding.decode(FieldValue.self, from: "\"\\u4e2d\"") == .text("中"))
    }
}
