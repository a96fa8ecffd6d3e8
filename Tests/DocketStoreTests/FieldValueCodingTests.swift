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
    ]

    @Test(arguments: Self.values) func theFastPathMatchesTheGenericCoder(_ value: FieldValue) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let generic = String(decoding: try encoder.encode(value), as: UTF8.self)
        #expect(try Coding.encode(value) == generic)
        #expect(try Coding.decode(FieldValue.self, from: generic) == value)
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
