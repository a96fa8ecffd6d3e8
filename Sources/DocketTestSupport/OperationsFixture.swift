import DocketCore
import DocketStore
import Foundation

/// A large, realistic operations file from another office, for import and catch-up tests and benchmarks.
public enum OperationsFixture {
    /// Writes `operations` operations of office `node` — one customer, then cases opened and amended —
    /// to an operations file, signed as `docket export` signs it, with `node`'s certificate from `signing`:
    /// an office accepts the file when its `[tls]` names a certificate from the same CA.
    /// - Returns: the file and the number of operations in it.
    public static func write(
        operations: Int,
        node: String = "gz-tianhe",
        in directory: URL,
        casesEvery: Int = 50,
        signing: TestSigning
    ) throws -> (file: URL, count: Int) {
        let source = try Replica.create(
            at: directory.appendingPathComponent("fixture-\(node)-\(UUID().uuidString.prefix(6)).sqlite").path,
            node: try NodeID(node), officeCode: "GZ01", now: 1_700_000_000_000)
        _ = try source.write(author: "黄敏", now: 1_700_000_000_000) { writer in
            let customer = RecordRef.created(by: writer.nextDot, kind: .customer)
            try writer.commit(
                try CustomerDesk.add(name: "广州客户", phone: nil, email: nil, salutation: nil, tier: .regular, notes: nil),
                to: customer)
            var cases: [RecordRef] = []
            for index in 1..<operations {
                if cases.isEmpty || (cases.count < 1000 && index % casesEvery == 1) {
                    let record = RecordRef.created(by: writer.nextDot, kind: .case)
                    let intake = CaseDesk.Intake(
                        customer: customer.id, channel: .online, category: .productQuality, level: .l2,
                        emotion: .dissatisfied, summary: "第\(index)号投诉：产品质量问题", department: "质检部", owner: "黄敏")
                    try writer.commit(
                        try CaseDesk.open(
                            intake, ref: try writer.takeCaseReference(), office: "GZ01", openedBy: "黄敏", now: 1_700_000_000_000),
                        to: record)
                    cases.append(record)
                } else {
                    let record = cases[index % cases.count]
                    try writer.commit([.set(field: "details", value: .text("第\(index)次补充说明：客户再次来电"))], to: record)
                }
            }
        }
        let batch = try signing.signedBatch(from: source)
        let file = directory.appendingPathComponent("\(node)-\(operations).ops")
        try OperationFile.encode(batch, since: VersionVector(), signer: try signing.signer(for: source.node)).write(to: file)
        return (file, batch.operations.count)
    }
}
