import DocketCodec
import DocketCore
import DocketTestSupport
import Foundation
import Testing

/// One case, one reference: references resolve however they are typed, never silently pick one of two
/// cases, and a file cannot give a reference to a second case or rewrite one.
@Suite struct CaseReferenceTests {
    let temporary: TemporaryDirectory
    /// The organisation CA every office's `[tls]` names, so offices accept each other's files.
    let signing: TestSigning
    let pudong: DocketProcess

    init() throws {
        self.temporary = try TemporaryDirectory()
        self.signing = try TestSigning(in: self.temporary.url)
        self.pudong = try Self.office(in: self.temporary, signing: self.signing, "sh-pudong", code: "SH01")
    }

    func office(_ node: String, code: String) throws -> DocketProcess {
        try Self.office(in: self.temporary, signing: self.signing, node, code: code)
    }

    /// An office with a customer and one case, `<code>-000001`, its certificate from `signing`'s CA.
    static func office(in temporary: TemporaryDirectory, signing: TestSigning, _ node: String, code: String) throws
        -> DocketProcess
    {
        let office = try signing.office(in: temporary, node, staff: "王磊", node: node)
        try office.ok(["init", "--node", node, "--office", code])
        try office.ok(["customer", "add", "--name", "张伟"])
        try office.ok([
            "case", "open", "--customer", "cust-\(node)-1", "--channel", "phone", "--category", "delivery",
            "--level", "L2", "--emotion", "dissatisfied", "--summary", "快递延误三天未送达", "--department", "客服中心",
            "--owner", "陈静",
        ])
        return office
    }

    func file(of office: DocketProcess, from node: String) throws -> String {
        try ReplicaFiles.write(try ReplicaFiles.operations(of: office), from: node, signing: self.signing, in: self.temporary)
    }

    @Test func lowercaseAndFullwidthReferencesResolve() throws {
        for typed in ["sh01-000001", "ＳＨ０１-000001", "ＳＨ０１－０００００１", " SH01-000001 "] {
            let shown = try #require(try self.pudong.json(["case", "show", typed]) as? [String: Any])
            #expect(shown["ref"] as? String == "SH01-000001", "\(typed)")
        }
        try self.pudong.ok(["case", "set", "sh01-000001", "level", "L3"])
    }

    @Test func aMistypedReferenceSuggestsTheNearestOne() throws {
        try self.pudong.expectRefused(
            ["case", "show", "SH10-000001"],
            saying: "case: no case 'SH10-000001'; did you mean SH01-000001?")
        try self.pudong.expectRefused(["case", "show", "SH01-999999"], saying: "case: no case 'SH01-999999'")
    }

    @Test func importRefusesCasesUnderThisOfficesCodeFromAnotherNode() throws {
        let minhang = try self.office("sh-minhang", code: "SH01")
        try self.pudong.expectRefused(
            ["import", try self.file(of: minhang, from: "sh-minhang")],
            saying: "office: case SH01-000001 from node sh-minhang uses office code SH01, which is this node's "
                + "(sh-pudong); office codes must be unique; nothing was applied")
    }

    @Test func importRefusesASecondCaseWithAReferenceAlreadyHeld() throws {
        let guangzhou = try self.office("gz-tianhe", code: "GZ01")
        try guangzhou.ok(["import", try self.file(of: self.pudong, from: "sh-pudong")])
        let minhang = try self.office("sh-minhang", code: "SH01")
        try guangzhou.expectRefused(
            ["import", try self.file(of: minhang, from: "sh-minhang")],
            saying: "ref: SH01-000001 would name two cases: case-sh-pudong-2 and case-sh-minhang-2 "
                + "from node sh-minhang; nothing was applied")
    }

    @Test func importRefusesARewrittenReference() throws {
        let beijing = try self.office("bj-chaoyang", code: "BJ01")
        try beijing.ok(["import", try self.file(of: self.pudong, from: "sh-pudong")])
        // Chained and signed as sh-pudong's next operation: only what it changes is wrong.
        let held = try ReplicaFiles.operations(of: self.pudong)
        let forged = try ReplicatedOperation(
            dot: Dot(node: NodeID("sh-pudong"), seq: 3), previous: try EncodedOperation(held[1]).hash,
            record: RecordRef(kind: .case, id: "case-sh-pudong-2"),
            clock: VectorClock([try NodeID("sh-pudong"): 2]), timestamp: HLCTimestamp(millis: 1_700_000_000_000),
            author: "王磊", changes: [.set(field: "ref", value: .text("BJ01-000001"))])
        try beijing.expectRefused(
            ["import", try ReplicaFiles.write([forged], from: "sh-pudong", signing: self.signing, in: self.temporary)],
            saying: "ref: operation sh-pudong:3 from node sh-pudong rewrites the reference of case case-sh-pudong-2")
    }

    @Test func anAmbiguousReferenceListsBothCasesInsteadOfPickingOne() throws {
        let guangzhou = try self.office("gz-tianhe", code: "GZ01")
        let minhang = try self.office("sh-minhang", code: "SH01")
        // The network delivered both before anyone noticed the two offices share a code.
        try ReplicaFiles.applyDirectly(try ReplicaFiles.operations(of: self.pudong), to: guangzhou, signing: self.signing)
        try ReplicaFiles.applyDirectly(try ReplicaFiles.operations(of: minhang), to: guangzhou, signing: self.signing)
        let both = "names 2 cases: case-sh-minhang-2 (office SH01), case-sh-pudong-2 (office SH01); give the case id"
        try guangzhou.expectRefused(["case", "show", "SH01-000001"], saying: "case: 'SH01-000001' \(both)")
        try guangzhou.expectRefused(["case", "set", "sh01-000001", "level", "L3"], saying: both)
        try guangzhou.expectRefused(["history", "SH01-000001"], saying: both)
        try guangzhou.ok(["case", "show", "case-sh-pudong-2"])
    }
}
