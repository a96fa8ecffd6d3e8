import DocketCodec
import DocketCore
import GRDB

extension Replica {
    /// Applies a batch from a file, as `apply(_:verifier:source:bound:)` does, after refusing it whole if it would give one
    /// case reference to two cases, rewrite a case's reference, or open a case under this office's code from
    /// another node.
    ///
    /// Office codes must be unique across the network, and a reference is fixed when its case is opened:
    /// a batch breaking either rule comes from a misconfigured office or a forged file. Operations already
    /// held are not checked again. The check and the apply run in one transaction, so nothing a running
    /// daemon applies in between can slip past the check.
    /// - Throws: `InputError` naming both cases or both nodes; nothing is written.
    public func applyCheckingReferences(
        _ batch: SignedBatch, verifier: any ChainVerifying, source: String, bound: ClockBound = .current()
    ) throws -> ApplyResult {
        try self.keepingEvidence(source: source) {
            try self.database.write { db in
                try self.checkReferences(in: batch.operations.map(\.operation), db: db)
                return try Self.apply(batch, verifier: verifier, bound: bound, schema: self.schema, in: db)
            }
        }
    }

    func checkReferences(in batch: [ReplicatedOperation], db: Database) throws {
        var opened: [String: RecordRef] = [:]
        for operation in batch.sorted(by: { $0.dot < $1.dot }) where operation.record.kind == .case {
            guard try !Self.holds(operation.dot, in: db) else { continue }
            for case .set("ref", .text(let reference)) in operation.changes {
                try self.checkOpening(reference, by: operation)
                let holder = try opened[reference]?.id
                    ?? String.fetchOne(db, sql: "SELECT id FROM cases WHERE ref = ?", arguments: [reference])
                if let holder, holder != operation.record.id {
                    throw InputError(
                        field: "ref",
                        "\(reference) would name two cases: \(holder) and \(operation.record.id) from node "
                            + "\(operation.dot.node); nothing was applied")
                }
                opened[reference] = operation.record
            }
        }
    }

    /// Refuses a reference written other than when its case is opened, or under this office's code by another node.
    private func checkOpening(_ reference: String, by operation: ReplicatedOperation) throws {
        guard RecordRef.created(by: operation.dot, kind: .case) == operation.record else {
            throw InputError(
                field: "ref",
                "operation \(operation.dot) from node \(operation.dot.node) rewrites the reference of case "
                    + "\(operation.record.id) to \(reference); a reference is fixed when its case is opened; "
                    + "nothing was applied")
        }
        let usesOurCode = reference.hasPrefix(self.officeCode + "-")
            || operation.changes.contains(.set(field: "origin_office", value: .text(self.officeCode)))
        if usesOurCode && operation.dot.node != self.node {
            throw InputError(
                field: "office",
                "case \(reference) from node \(operation.dot.node) uses office code \(self.officeCode), which is "
                    + "this node's (\(self.node)); office codes must be unique; nothing was applied")
        }
    }

    private static func holds(_ dot: Dot, in db: Database) throws -> Bool {
        try Bool.fetchOne(
            db, sql: "SELECT 1 FROM operation_log WHERE origin = ? AND seq = ?",
            arguments: [dot.node.rawValue, Int64(clamping: dot.seq)]) == true
    }
}
