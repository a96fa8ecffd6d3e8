import DocketCodec
import DocketCore
import DocketStore
import DocketTestSupport
import Foundation
import Testing

/// Offices on a newer schema and offices that have not been upgraded, replicating one case: every replica
/// holds the same state whatever it knows, an older one keeps what it cannot read in plain SQL, and once
/// upgraded its tables show it properly without any operation being sent again.
@Suite struct NewerSchemaStoreTests {
    /// Two offices on the test's schema 2 and two on schema 1, after writing concurrently to one case.
    struct Network {
        let scratch: Scratch
        let newer: [Replica]
        let older: [Replica]
        let ref: RecordRef
        var all: [Replica] { self.newer + self.older }
    }

    static func network() throws -> Network {
        let scratch = try Scratch()
        let newer = try [Fixtures.pudong, Fixtures.tianhe].map { node in
            try Replica.create(
                at: scratch.path("\(node).sqlite"), node: node, officeCode: Fixtures.codes[node]!, now: Fixtures.morning,
                schema: .testExtension)
        }
        let older = try [Fixtures.chaoyang, Fixtures.headquarters].map { node in
            try Replica.create(
                at: scratch.path("\(node).sqlite"), node: node, officeCode: Fixtures.codes[node]!, now: Fixtures.morning,
                schema: .current)
        }
        let customer = try newer[0].addCustomer()
        let ref = try newer[0].openCase(customer: customer)
        for replica in newer[1...] + older { try replica.receive(from: newer[0], signing: scratch.signing) }

        // Concurrently: each newer office gives its own root cause (a conflict on a field schema 1 lacks),
        // one records a WeChat contact channel and an escalation, the older offices edit what they know.
        try Self.write(at: newer[0], ref, [
            Self.text("root_cause", "排水管安装坡度不足"), Self.text("channel", "wechat"),
            .append(entry: .untyped(kind: "escalation", body: .object([
                "to": .string("华东区域经理"), "reason": .string("客户要求区域经理介入"),
            ]))),
        ])
        try Self.write(at: newer[1], ref, [Self.text("root_cause", "室内机密封圈老化")])
        try older[0].change(ref, now: Fixtures.morning + 60_000) { _ in [.add(set: "tags", element: "二次投诉")] }
        try older[1].change(ref, now: Fixtures.morning + 70_000) { _ in [Self.text("level", "L2")] }
        return Network(scratch: scratch, newer: newer, older: older, ref: ref)
    }

    static func write(at replica: Replica, _ ref: RecordRef, _ changes: [Change]) throws {
        _ = try replica.write(author: "王磊", now: Fixtures.morning + 30_000) { writer in
            try writer.commit(changes, to: ref)
        }
    }

    /// Every replica receives from every other until nothing moves.
    static func heal(_ network: Network) throws {
        for _ in 0..<2 {
            for receiver in network.all {
                for source in network.all where source !== receiver {
                    try receiver.receive(from: source, signing: network.scratch.signing)
                }
            }
        }
    }

    static func text(_ field: String, _ value: String) -> Change {
        .set(field: field, value: .text(value))
    }

    @Test func olderAndNewerOfficesConvergeWhateverTheOrder() throws {
        let network = try Self.network()
        try Self.heal(network)
        let digest = try network.newer[0].stateDigest()
        for replica in network.all {
            #expect(try replica.stateDigest() == digest, "\(replica.node) (schema \(replica.schema.version))")
        }

        // The same operations, as the newer office wrote them, replayed into fresh schema-1 replicas in
        // shuffled per-origin batches with duplicates.
        let everything = try network.older[1].signedBatch(missingFrom: VersionVector()).operations
        #expect(everything.contains { $0.operation.schema == 2 } && everything.contains { $0.operation.schema == 1 })
        for seed in UInt64(1)...8 {
            var rng = SplitMix64(seed: seed)
            let fresh = try Replica.create(
                at: network.scratch.path("fresh-\(seed).sqlite"), node: try NodeID("cd-wuhou-\(seed)"), officeCode: "CD0\(seed)",
                now: Fixtures.morning, schema: .current)
            var queues = Dictionary(grouping: everything) { $0.dot.node }.sorted { $0.key < $1.key }.map(\.value)
            while !queues.isEmpty {
                var batch: [EncodedOperation] = []
                for index in queues.indices {
                    let take = rng.int(in: 0...min(queues[index].count, 2))
                    batch += queues[index].prefix(take)
                    queues[index].removeFirst(take)
                }
                queues.removeAll { $0.isEmpty }
                let shuffled = rng.shuffled(batch + batch.filter { _ in rng.chance(30) })
                _ = try fresh.apply(
                    try network.scratch.signing.sign(shuffled), verifier: network.scratch.signing.verifier, source: "test")
            }
            #expect(try fresh.stateDigest() == digest, "seed \(seed)")
            #expect(try fresh.caseView(network.ref.id).conflictedFields == ["root_cause"], "seed \(seed)")
        }
    }

    @Test func anOlderOfficeKeepsWhatItCannotReadAndShowsTheConflict() throws {
        let network = try Self.network()
        try Self.heal(network)
        let older = network.older[0]
        let view = try older.caseView(network.ref.id)
        #expect(view.conflictedFields == ["root_cause"], "concurrent writes to a field schema 1 lacks still conflict")
        #expect(view.state.registers["root_cause"]?.distinctValues.map(\.value).sorted { $0.display < $1.display }
            == [.text("室内机密封圈老化"), .text("排水管安装坡度不足")])
        #expect(view.entries.contains { $0.entry.kind == "escalation" })
        #expect(try older.counts().openConflicts == 1)

        // It cannot write what it does not know: its writes carry schema 1, under which the field does not exist.
        #expect(throws: InputError.self) {
            try CaseDesk.resolve(view.state, field: "root_cause", pick: 1, value: nil, knowing: older.schema)
        }
        #expect(throws: (any Error).self) {
            try Self.write(at: older, network.ref, [Self.text("root_cause", "无法确定")])
        }

        // Kept as rows: the conflict, and a word schema 1 lacks. Settled fields it reads are not.
        let rows = try older.registerRows()
        #expect(rows.held == rows.expected)
        #expect(rows.held.count == 3, "\(rows.held)")

        guard SQLShell.isAvailable else { return }
        let path = network.scratch.path("\(older.node).sqlite")
        let fields = try SQLShell.rows(path, "SELECT field, value FROM newer_fields ORDER BY value")
        #expect(fields.map { $0["field"] as? String } == ["root_cause", "root_cause"])
        #expect(fields.map { $0["value"] as? String } == [#""室内机密封圈老化""#, #""排水管安装坡度不足""#])
        let words = try SQLShell.rows(path, "SELECT name, word FROM newer_words")
        #expect(words.map { "\($0["name"] ?? ""):\($0["word"] ?? "")" } == ["channel:wechat"])
        let entries = try SQLShell.rows(path, "SELECT kind, json_extract(body, '$.body.to') AS target FROM newer_entries")
        #expect(entries.map { $0["target"] as? String } == ["华东区域经理"])
        let row = try SQLShell.rows(path, "SELECT channel, level, tags FROM cases")
        #expect(row.first?["channel"] as? String == "wechat")
        #expect(row.first?["tags"] as? String == #"["二次投诉"]"#)
        let schemas = try SQLShell.rows(path, "SELECT schema, COUNT(*) AS n FROM operations GROUP BY schema ORDER BY schema")
        #expect(schemas.map { $0["schema"] as? Int } == [1, 2])
    }

    @Test func anUpgradedOfficeShowsTheNewFieldWithoutAnythingSentAgain() throws {
        let network = try Self.network()
        try Self.heal(network)
        let path = network.scratch.path("\(Fixtures.chaoyang).sqlite")
        let before = try network.older[0].stateDigest()
        let vector = try network.older[0].vector()
        #expect(try network.older[0].projectedSchema() == 1)

        let upgraded = try Replica.open(at: path, schema: .testExtension)
        #expect(try upgraded.projectedSchema() == 2)
        #expect(try upgraded.vector() == vector, "nothing was received")
        #expect(try upgraded.stateDigest() == before, "the digest covers what every version projects alike")
        let view = try upgraded.caseView(network.ref.id)
        #expect(upgraded.schema.knows(view.state.displayValue(of: "channel"), in: "channel", of: .case))
        #expect(view.entries.allSatisfy { upgraded.schema.knows($0.entry) })

        // Settling the conflict is now possible here, and every office takes the settlement.
        _ = try upgraded.write(author: "李娜", now: Fixtures.morning + Fixtures.hour) { writer in
            let state = try writer.findCase(network.ref.id).state
            try writer.commit(
                try CaseDesk.resolve(state, field: "root_cause", pick: 2, value: nil, knowing: writer.schema), to: network.ref)
        }
        for replica in network.all { try replica.receive(from: upgraded, signing: network.scratch.signing) }
        #expect(try network.older[1].caseView(network.ref.id).conflictedFields.isEmpty)
        // Settled and read by schema 2, nothing of the record needs rows any more; the conflict's were
        // deleted when the settlement was applied to the record as loaded.
        let rows = try upgraded.registerRows()
        #expect(rows.held.isEmpty && rows.expected.isEmpty)
        // Not the older office's own handle on the file it reopened upgraded: that one still reads schema 1.
        for replica in network.all where replica.node != upgraded.node {
            let kept = try replica.registerRows()
            #expect(kept.held == kept.expected, "\(replica.node)")
        }

        guard SQLShell.isAvailable else { return }
        let row = try SQLShell.rows(path, "SELECT root_cause, conflicted_fields FROM cases")
        #expect(row.first?["root_cause"] as? String == view.state.registers["root_cause"]?.distinctValues[1].value.text)
        #expect(row.first?["conflicted_fields"] as? String == "")
        for view in ["newer_fields", "newer_words", "newer_entries", "newer_sets"] {
            #expect(try SQLShell.rows(path, "SELECT * FROM \(view)").isEmpty, "\(view)")
        }
        // Still not upgraded: the other older office keeps the value in its view of newer fields.
        let other = network.scratch.path("\(Fixtures.headquarters).sqlite")
        #expect(try SQLShell.rows(other, "SELECT field FROM newer_fields").map { $0["field"] as? String } == ["root_cause"])
    }
}
