import DocketCore
import DocketStore
import DocketTestSupport
import Foundation
import Testing

/// Operations files from offices whose clocks are absurd — millis 2^62 with the counter spent, or the year
/// 2100 — are imported; afterwards every office keeps writing, its clock stays within the bound, `doctor`
/// names the offices, and offices that exchange files converge.
@Suite struct HostileTimestampTests {
    static let in2100: UInt64 = 4_102_444_800_000

    /// A one-operation file from `node`, signed with its certificate: a customer registered at `timestamp`.
    static func file(
        from node: String, at timestamp: HLCTimestamp, signing: TestSigning, in temporary: TemporaryDirectory
    ) throws -> String {
        let origin = try NodeID(node)
        let operation = ReplicatedOperation(
            dot: Dot(node: origin, seq: 1), record: RecordRef(kind: .customer, id: "cust-\(node)-1"),
            clock: VectorClock(), timestamp: timestamp, author: "赵敏", changes: [.set(field: "name", value: .text("刘洋"))])
        let path = temporary.url.appendingPathComponent("\(node).ops").path
        try OperationFile.encode(try signing.sign([operation]), since: VersionVector(), signer: try signing.signer(for: origin))
            .write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The timestamps of `node`'s own operations, as `office` exports them.
    static func ownTimestamps(
        of office: DocketProcess, node: String, signing: TestSigning, in temporary: TemporaryDirectory
    ) throws -> [UInt64] {
        let path = temporary.url.appendingPathComponent("check-\(UUID().uuidString).ops").path
        try office.ok(["export", "--out", path])
        let contents = try OperationFile.decode(try Data(contentsOf: URL(fileURLWithPath: path)), verifier: signing.verifier)
        return contents.batch.operations.map(\.operation).filter { $0.dot.node.rawValue == node }.map(\.timestamp.millis)
    }

    private func exchange(_ source: DocketProcess, _ target: DocketProcess, in temporary: TemporaryDirectory) throws {
        let since = try target.ok(["vector"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let file = temporary.url.appendingPathComponent("transfer-\(UUID().uuidString).ops").path
        try source.ok(["export", "--since", since, "--out", file])
        try target.ok(["import", file])
    }

    @Test func absurdTimestampsAreImportedWithoutBreakingTheReplicaAndDoctorNamesTheOffices() throws {
        let temporary = try TemporaryDirectory()
        // Certificates from one CA, so the offices accept each other's files and those of the absurd offices.
        let signing = try TestSigning(in: temporary.url)
        let shanghai = try signing.office(in: temporary, "sh", staff: "王磊", node: "sh-pudong")
        let hangzhou = try signing.office(in: temporary, "hz", staff: "李娜", node: "hz-xihu")
        try shanghai.ok(["init", "--node", "sh-pudong", "--office", "SH01"])
        try hangzhou.ok(["init", "--node", "hz-xihu", "--office", "HZ01"])

        let absurd = try Self.file(
            from: "bj-chaoyang", at: HLCTimestamp(millis: 1 << 62, counter: UInt32.max), signing: signing, in: temporary)
        let future = try Self.file(from: "gz-tianhe", at: HLCTimestamp(millis: Self.in2100), signing: signing, in: temporary)
        try shanghai.ok(["import", absurd])
        try shanghai.ok(["import", future])

        // Local writes keep working, stamped within the bound of the wall clock.
        try shanghai.ok(["customer", "add", "--name", "张伟"])
        try shanghai.ok(["customer", "add", "--name", "陈静"])
        let ceiling = UInt64(Date().timeIntervalSince1970 * 1000) + 5 * 60_000
        let stamps = try Self.ownTimestamps(of: shanghai, node: "sh-pudong", signing: signing, in: temporary)
        #expect(stamps.count == 2)
        #expect(stamps.allSatisfy { $0 <= ceiling }, "\(stamps)")

        let doctor = try shanghai.ok(["doctor"])
        #expect(doctor.contains("office bj-chaoyang writes timestamps"), "\(doctor)")
        #expect(doctor.contains("office gz-tianhe writes timestamps"), "\(doctor)")
        #expect(doctor.contains("years ahead of this clock"), "\(doctor)")
        let status = try #require(try shanghai.json(["status"]) as? [String: Any])
        let leads = try #require(status["clockLeads"] as? [[String: Any]])
        #expect(leads.compactMap { $0["office"] as? String } == ["bj-chaoyang", "gz-tianhe"])
        #expect(try shanghai.ok(["status"]).contains("CLOCK AHEAD"))

        // Both ways by file: everything converges, and the other office keeps writing too.
        try hangzhou.ok(["customer", "add", "--name", "周杰"])
        try self.exchange(shanghai, hangzhou, in: temporary)
        try hangzhou.ok(["customer", "add", "--name", "孙丽"])
        try self.exchange(hangzhou, shanghai, in: temporary)
        #expect(try shanghai.ok(["digest"]) == hangzhou.ok(["digest"]))
        #expect(try Self.ownTimestamps(of: hangzhou, node: "hz-xihu", signing: signing, in: temporary).allSatisfy {
            $0 <= ceiling + 60_000
        })
        #expect(try hangzhou.ok(["doctor"]).contains("office bj-chaoyang writes timestamps"))
    }

    @Test func theBoundIsConfigurable() throws {
        let temporary = try TemporaryDirectory()
        let signing = try TestSigning(in: temporary.url)
        let shanghai = try signing.office(in: temporary, "sh", staff: "王磊", node: "sh-pudong")
        try shanghai.ok(["init", "--node", "sh-pudong", "--office", "SH01"])
        let config = temporary.url.appendingPathComponent("docket.toml")
        try ("[sync]\nmax_clock_lead = \"1h\"\n" + (try signing.tlsSection(for: "sh-pudong")))
            .write(to: config, atomically: true, encoding: .utf8)
        let soon = UInt64(Date().timeIntervalSince1970 * 1000) + 31 * 60_000
        let file = try Self.file(from: "gz-tianhe", at: HLCTimestamp(millis: soon), signing: signing, in: temporary)
        try shanghai.ok(["import", file, "--config", config.path])
        let doctor = try shanghai.ok(["doctor", "--config", config.path])
        #expect(!doctor.contains("writes timestamps"), "\(doctor)")
        #expect(try shanghai.ok(["doctor"]).contains("office gz-tianhe writes timestamps 30 minutes ahead"))
    }
}
