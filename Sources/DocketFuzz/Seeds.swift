import DocketCodec
import DocketCore
import DocketStore
import DocketTestSupport
import DocketWire
import Foundation
import NIOCore

/// The starting corpus: one valid example of everything each target reads, with Chinese text, so the
/// fuzzer mutates real structure instead of discovering it byte by byte.
///
/// Signatures are made with a CA of the run that writes the seeds, which no later run trusts: a whole
/// file then stops at its file signature, and its lines reach the replica through the sealed path and
/// `FuzzCertificates.resigned(_:)`.
enum Seeds {
    static func write(into directory: URL) throws {
        let scratch = ScratchDirectory()
        defer { scratch.remove() }
        let signing = try TestSigning(in: scratch.url)
        let fixture = try OperationsFixture.write(
            operations: 6, node: "gz-tianhe", in: scratch.url, casesEvery: 3, signing: signing)
        let file = try Data(contentsOf: fixture.file)
        let batch = try OperationFile.decode(file, verifier: signing.verifier).batch
        let lines = file.split(separator: 0x0A).dropFirst().dropLast()
        let bodyLines = Data(lines.map { Data($0) + [0x0A] }.joined())
        let messages = try Self.messages(with: batch).map { try Array($0.encoded().readableBytesView) }

        var corpus: [(FuzzTarget, String, [UInt8])] = []
        for (index, message) in messages.enumerated() {
            corpus.append((.message, "message-\(index)", message))
            // A chunk size of 7, then the frame, so frames straddle reads.
            corpus.append((.frame, "frame-\(index)", [6] + Self.frame(message)))
        }
        corpus.append((.frame, "frames-all", [31] + messages.flatMap(Self.frame)))
        corpus.append((.frame, "frame-too-large", [0, 0, 1, 0, 0, 1]))
        corpus.append((.opfile, "file", Array(file)))
        corpus.append((.opfile, "lines", Array(bodyLines)))
        corpus.append((.apply, "file", Array(file)))
        corpus.append((.apply, "lines", Array(bodyLines)))
        corpus.append((.apply, "message", try Array(PeerMessage.operations(batch: 1, batch).encoded().readableBytesView)))
        for (index, operation) in batch.operations.enumerated() {
            corpus.append((.changes, "changes-\(index)", try ChangeCoding.encode(operation.operation.changes)))
        }
        corpus.append((.changes, "changes-escapes", Array(
            #"[{"set":{"field":"summary","value":"\u00e9\ud83d\ude00\/\"\\\n空调"}},{"set":{"field":"x","value":[1,true,null,{"键":{}}]}}]"#.utf8)))
        corpus.append((.apply, "crash-timestamp-beyond-int64", try Self.beyondInt64(batch.operations[0].operation)))
        corpus.append((.apply, "newer-schema", try Self.newerSchema(batch.operations[0].operation)))
        for (target, name, bytes) in corpus {
            let folder = directory.appendingPathComponent(target.rawValue)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(bytes).write(to: folder.appendingPathComponent(name))
        }
    }

    static func frame(_ payload: [UInt8]) -> [UInt8] {
        withUnsafeBytes(of: UInt32(payload.count).bigEndian, Array.init) + payload
    }

    /// The body line of `operation` timestamped 2^63 ms, one past what a replica stores: it once passed
    /// validation and trapped on the way into the log; now its body does not decode.
    static func beyondInt64(_ operation: ReplicatedOperation) throws -> [UInt8] {
        let beyond = ReplicatedOperation(
            dot: operation.dot, previous: operation.previous, record: operation.record, clock: operation.clock,
            timestamp: HLCTimestamp(millis: UInt64(Int64.max) + 1), author: operation.author, changes: operation.changes)
        let body = Data(try EncodedOperation(beyond).body).base64EncodedString()
        return Array(#"{"body":"\#(body)"}"#.utf8) + [0x0A]
    }

    /// The body line of `operation` as a newer Docket would write it: schema 2, with a field, a value shape,
    /// a set and an entry kind schema 1 lacks, which a replica accepts and keeps as they are.
    static func newerSchema(_ operation: ReplicatedOperation) throws -> [UInt8] {
        let record = RecordRef(kind: .case, id: "case-\(operation.dot.node)-\(operation.dot.seq)")
        let newer = ReplicatedOperation(
            schema: 2, dot: operation.dot, previous: operation.previous, record: record, clock: operation.clock,
            timestamp: operation.timestamp, author: operation.author,
            changes: [
                .set(field: "root_cause", value: .text("排水管安装坡度不足")),
                .set(field: "visit_slots", value: .json(.array([.object(["day": .string("周六")]), .number(2.5)]))),
                .add(set: "service_flags", element: "回访优先"),
                .append(entry: .untyped(kind: "escalation", body: .object(["to": .string("华东区域经理")]))),
            ])
        let body = Data(try EncodedOperation(newer).body).base64EncodedString()
        return Array(#"{"body":"\#(body)"}"#.utf8) + [0x0A]
    }

    /// One message of every kind.
    static func messages(with batch: SignedBatch) throws -> [PeerMessage] {
        let node = try NodeID("gz-tianhe")
        let vector = VersionVector([node: UInt64(batch.operations.count), try NodeID("sh-pudong"): 3])
        return [
            .hello(.init(minimumVersion: ProtocolVersion.minimum, maximumVersion: ProtocolVersion.maximum, node: node,
                         software: "docket 0.1.0", wallMillis: 1_700_000_000_000, office: "GZ01")),
            .vector(vector),
            .operations(batch: 7, batch),
            .ack(batch: 7, vector: vector),
            .heartbeat,
            .refusal(.init(.officeClash, "办公室代码 GZ01 已被 sh-pudong 使用")),
            .summaryRequest(id: 9, withRecords: true),
            .summary(.init(
                id: 9, vector: vector, digest: String(repeating: "ab", count: 32),
                records: [.init(id: batch.operations[1].operation.record.id, digest: String(repeating: "cd", count: 32))])),
        ]
    }
}
