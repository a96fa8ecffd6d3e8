import DocketCodec
import DocketCore
import DocketTestSupport
import Foundation
import Testing

/// Text a person types is normalised where it is written, held to limits in characters and bytes, and
/// kept free of what could drive a terminal; what other offices wrote is kept and escaped when printed.
@Suite struct TypedTextTests {
    let temporary: TemporaryDirectory
    let office: DocketProcess

    init() throws {
        self.temporary = try TemporaryDirectory()
        self.office = try self.temporary.shanghaiWithCustomer()
        try self.office.ok(self.open(department: "客服中心", owner: "陈静"))
    }

    func open(department: String, owner: String, summary: String = "空调维修后仍然漏水") -> [String] {
        [
            "case", "open", "--customer", "cust-sh-pudong-1", "--channel", "phone", "--category", "repair_quality",
            "--level", "L2", "--emotion", "dissatisfied", "--summary", summary, "--department", department,
            "--owner", owner,
        ]
    }

    func listed(_ arguments: [String]) throws -> [[String: Any]] {
        try #require(try self.office.json(["case", "list"] + arguments) as? [[String: Any]])
    }

    @Test func namesAreStoredComposedAndTrimmedAndFoundHowEverTyped() throws {
        try self.office.ok(self.open(department: " 客服中心", owner: "Jose\u{301}"))
        try self.office.ok(self.open(department: "客服中心 ", owner: "Jos\u{E9} "))
        #expect(try self.listed(["--department", "客服中心"]).count == 3)
        #expect(try self.listed(["--department", "  客服中心\n"]).count == 3)
        #expect(try self.listed(["--owner", "Jos\u{E9}"]).count == 2)
        #expect(try self.listed(["--owner", "Jose\u{301}"]).count == 2)
        let shown = try #require(try self.office.json(["case", "show", "SH01-000002"]) as? [String: Any])
        let fields = try #require(shown["fields"] as? [String: [String: Any]])
        #expect(fields["department"]?["value"] as? String == "客服中心")
        #expect((fields["owner"]?["value"] as? String)?.unicodeScalars.count == 4, "stored composed")
    }

    @Test func aHandoffOrTagTypedWithStraySpacesIsTheSameName() throws {
        try self.office.expectRefused(
            ["case", "handoff", "SH01-000001", "--to-department", " 客服中心", "--to-owner", "陈静 ",
             "--reason", "转交", "--background", "老客户", "--problem", "漏水", "--measures", "已致歉"],
            saying: "to_owner: the case is already with 陈静 in 客服中心")
        try self.office.ok(["case", "tag", "SH01-000001", " 老客户 "])
        try self.office.expectRefused(
            ["case", "tag", "SH01-000001", "老客户"], saying: "tags: '老客户' is already present")
        try self.office.ok(["case", "tag", "SH01-000001", "老客户  ", "--remove"])
    }

    @Test func aLetterCarryingSixtyThousandAccentsIsRefusedByBytes() throws {
        let heavy = "a" + String(repeating: "\u{301}", count: 60_000)
        #expect(heavy.count == 1)
        // Composing the first accent onto the letter saves one byte; the rest stay.
        try self.office.expectRefused(
            ["case", "set", "SH01-000001", "summary", heavy],
            saying: "summary: is 120000 bytes long; the limit is 2000 bytes (500 characters)")
        let chinese = String(repeating: "漏", count: 500)
        try self.office.ok(["case", "set", "SH01-000001", "summary", chinese])
    }

    @Test func controlBidiAndInvisibleCharactersAreRefusedInTypedFields() throws {
        let hidden = "the invisible or control character"
        let refused: [(String, String)] = [
            ("\u{9B}31m", "\(hidden) U+009B"), ("\u{1B}[2J", "control characters"),
            ("客服\u{202E}中心", "\(hidden) U+202E"), ("客服\u{2066}中心", "\(hidden) U+2066"),
            ("客服\u{200B}中心", "\(hidden) U+200B"), ("客服\u{FEFF}中心", "\(hidden) U+FEFF"),
            ("客服\u{2028}中心", "\(hidden) U+2028"),
        ]
        for (text, codePoint) in refused {
            try self.office.expectRefused(
                ["case", "set", "SH01-000001", "department", text],
                saying: "department: contains \(codePoint)")
        }
        try self.office.expectRefused(
            ["case", "set", "SH01-000001", "summary", "第一行\n第二行"],
            saying: "summary: must be a single line")
        try self.office.expectRefused(
            ["customer", "add", "--name", "张\u{200D}伟"], saying: "name: contains")
        try self.office.expectRefused(
            ["case", "handoff", "SH01-000001", "--to-department", "技术支持部", "--to-owner", "李\u{202E}娜",
             "--reason", "需要工程师", "--background", "老客户", "--problem", "漏水", "--measures", "已致歉"],
            saying: "to_owner: contains the invisible or control character U+202E")
        try self.office.expectRefused(
            ["case", "set", "SH01-000001", "level", "L3", "--as", "王\u{9B}磊"],
            saying: "author: contains the invisible or control character U+009B")
    }

    @Test func paragraphFieldsKeepTheirLineBreaks() throws {
        try self.office.ok(["case", "set", "SH01-000001", "details", "第一次上门：更换密封圈\n第二次上门：仍漏水"])
        let shown = try self.office.ok(["case", "show", "SH01-000001"])
        #expect(shown.contains("更换密封圈⏎第二次上门"), "a line break cannot split the table row")
    }

    @Test func textFromAnotherOfficeIsKeptAndEscapedWhenPrinted() throws {
        // Beijing trusts the CA whose certificate signs Shanghai's operations.
        let signing = try TestSigning(in: self.temporary.url)
        let beijing = try signing.office(in: self.temporary, "bj", staff: "赵敏", node: "bj-chaoyang")
        try beijing.ok(["init", "--node", "bj-chaoyang", "--office", "BJ01"])
        let everything = try ReplicaFiles.operations(of: self.office)
        try beijing.ok(["import", try ReplicaFiles.write(everything, from: "sh-pudong", signing: signing, in: self.temporary)])
        // A build with looser rules wrote this; replication must carry it, not stall on it. (C0 controls
        // other than newline and tab were always refused from any office.)
        let hostile = try ReplicatedOperation(
            dot: Dot(node: NodeID("sh-pudong"), seq: 3), previous: try EncodedOperation(everything[1]).hash,
            record: RecordRef(kind: .case, id: "case-sh-pudong-2"),
            clock: VectorClock([try NodeID("sh-pudong"): 2]), timestamp: HLCTimestamp(millis: 1_700_000_000_000),
            author: "王磊",
            changes: [
                .set(field: "summary", value: .text("漏水\u{9B}2J伪造\n第二行")),
                .set(field: "owner", value: .text("陈\u{202E}静")),
            ])
        try beijing.ok(["import", try ReplicaFiles.write([hostile], from: "sh-pudong", signing: signing, in: self.temporary)])
        for arguments in [["case", "show", "SH01-000001"], ["case", "list"], ["history", "SH01-000001"]] {
            let printed = try beijing.ok(arguments)
            #expect(!printed.unicodeScalars.contains { $0.value == 0x9B || $0.value == 0x1B || $0.value == 0x202E })
        }
        #expect(try beijing.ok(["case", "show", "SH01-000001"]).contains("漏水\\u{9B}2J伪造⏎第二行"))
        let list = try beijing.ok(["case", "list"])
        #expect(list.split(separator: "\n").count == 3, "header, one row, count: \(list)")
        #expect(list.contains("陈\\u{202E}静"))
    }

    @Test func errorMessagesEscapeWhatTheyEcho() throws {
        try self.office.expectRefused(["case", "show", "SH01-\u{1B}[2J\u{9B}0m"], saying: "\\u{1B}[2J\\u{9B}0m")
        let outcome = try self.office.run(["case", "show", "\u{1B}]0;owned\u{7}"])
        #expect(!outcome.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    }
}
