import DocketCore
import Testing

/// The local rules for typed text, and that replicated operations are still held only to the shared ones.
@Suite struct TypedTextTests {
    func refusal(_ text: String, maxLength: Int = 100) -> String? {
        do {
            try TypedText.check(TypedText.Field("department", text, maxLength: maxLength))
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func ordinaryChineseAndDecomposedLatinPass() {
        #expect(self.refusal("客服中心") == nil)
        #expect(self.refusal("Jose\u{301} Mari\u{301}a") == nil)
        #expect(self.refusal(String(repeating: "客", count: 100)) == nil)
    }

    @Test func bytesAreLimitedAlongsideCharacters() {
        let heavy = "a" + String(repeating: "\u{301}", count: 60_000)
        #expect(
            self.refusal(heavy, maxLength: 500)
                == "department: is 120001 bytes long; the limit is 2000 bytes (500 characters)")
    }

    @Test func controlsBidiAndInvisiblesAreRefused() {
        let values: [UInt32] = [
            0x01, 0x1B, 0x7F, 0x85, 0x9B, 0x200B, 0x200D, 0x2028, 0x2029, 0x202A, 0x202E, 0x2060, 0x2066, 0x2069, 0xFEFF,
        ]
        for value in values {
            let scalar = Unicode.Scalar(value)!
            #expect(self.refusal("客服\(scalar)中心")?.contains("character \(scalar.codePoint)") == true, "\(value)")
        }
    }

    @Test func onlyParagraphFieldsKeepLineBreaks() {
        #expect(self.refusal("一\n二") == "department: must be a single line (no line breaks or tabs)")
        #expect(self.refusal("一\t二") != nil)
        #expect(self.refusal("一\n\t二", maxLength: 1000) == nil)
    }

    @Test func typedTextInEntriesIsRewrittenButCopiedTextIsNot() throws {
        let handoff = try Handoff(
            fromDepartment: "客服\u{202E}中心", fromOwner: "陈静", toDepartment: "技术支持部", toOwner: "李娜",
            reason: "原因", customerBackground: "背景", problemDetails: "问题", measuresTaken: "措施")
        var seen: [String] = []
        _ = try Change.append(entry: .handoff(handoff)).rewritingTypedText(of: .case) { field in
            seen.append(field.name)
            return field.text
        }
        #expect(
            seen == ["to_department", "to_owner", "reason", "customer_background", "problem_details", "measures_taken"])
        let removal = Change.remove(set: "tags", element: "旧\u{200B}标签", observed: [])
        #expect(try removal.rewritingTypedText(of: .case) { _ in "changed" } == removal)
    }

    @Test func replicatedOperationsKeepTheSharedRules() throws {
        let node = try NodeID("bj-chaoyang")
        let operation = ReplicatedOperation(
            dot: Dot(node: node, seq: 1), record: RecordRef(kind: .case, id: "case-bj-chaoyang-1"),
            clock: VectorClock(), timestamp: HLCTimestamp(millis: 1), author: "赵\u{200B}敏",
            changes: [.set(field: "summary", value: .text("漏水\u{9B}\u{202E}\n第二行"))])
        try operation.validate()
    }
}
