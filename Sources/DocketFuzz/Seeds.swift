import DocketCore
import DocketStore
import DocketTestSupport
import DocketWire
import Foundation
import NIOCore

/// The starting corpus: one valid example of everything each target reads, with Chinese text, so the
/// fuzzer mutates real structure instead of discovering it byte by byte.
enum Seeds {
    static func write(into directory: URL) throws {
        let scratch = ScratchDirectory()
        defer { scratch.remove() }
        let fixture = try OperationsFixture.write(operations: 6, node: "gz-tianhe", in: scratch.url, casesEvery: 3)
        let file = try Data(contentsOf: fixture.file)
        let operations = try OperationFile.decode(file).operations
        let lines = file.split(separator: 0x0A).dropFirst().dropLast()
        let operationLines = Data(lines.map { Data($0) + [0x0A] }.joined())
        let messages = try Self.messages(with: operations).map { try Array($0.encoded().readableBytesView) }

        var corpus: [(FuzzTarget, String, [UInt8])] = []
        for (index, message) in messages.enumerated() {
            corpus.append((.message, "message-\(index)", message))
            // A chunk size of 7, then the frame, so frames straddle reads.
            corpus.append((.frame, "frame-\(index)", [6] + Self.frame(message)))
        }
        corpus.append((.frame, "frames-all", [31] + messages.flatMap(Self.frame)))
        corpus.append((.frame, "frame-too-large", [0, 0, 1, 0, 0, 1]))
        corpus.append((.opfile, "file", Array(file)))
        corpus.append((.opfile, "lines", Array(operationLines)))
        corpus.append((.apply, "file", Array(file)))
        corpus.append((.apply, "lines", Array(operationLines)))
        corpus.append((.apply, "message", try Array(PeerMessage.operations(batch: 1, operations).encoded().readableBytesView)))
        for (target, name, bytes) in corpus {
            let folder = directory.appendingPathComponent(target.rawValue)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(bytes).write(to: folder.appendingPathComponent(name))
        }
    }

    static func frame(_ payload: [UInt8]) -> [UInt8] {
        withUnsafeBytes(of: UInt32(payload.count).bigEndian, Array.init) + payload
    }

    /// One message of every kind.
    static func messages(with operations: [ReplicatedOperation]) throws -> [PeerMessage] {
        let node = try NodeID("gz-tianhe")
        let vector = VersionVector([node: UInt64(operations.count), try NodeID("sh-pudong"): 3])
        return [
            .hello(.init(minimumVersion: 1, maximumVersion: 1, node: node, software: "docket 0.1.0",
                         wallMillis: 1_700_000_000_000, office: "GZ01")),
            .vector(vector),
            .operations(batch: 7, operations),
            .ack(batch: 7, vector: vector),
            .heartbeat,
            .refusal(.init(.officeClash, "办公室代码 GZ01 已被 sh-pudong 使用")),
            .summaryRequest(id: 9, withRecords: true),
            .summary(.init(id: 9, vector: vector, digest: String(repeating: "ab", count: 32),
                           records: [.init(id: operations[1].record.id, digest: String(repeating: "cd", count: 32))])),
        ]
    }
}
