import DocketCore
import Foundation

/// The file format that carries operations between offices without a network (`docket export`/`import`).
///
/// JSON lines, version 1:
/// 1. a header `{"format":"docket-operations","version":1,"from":NODE,"since":VECTOR,"count":N}`;
/// 2. `count` lines, one operation each, per origin in `seq` order;
/// 3. a trailer `{"end":true,"count":N,"sha256":HEX}`, the SHA-256 of every byte before the trailer.
/// A truncated, edited or corrupted file fails the count or checksum and is refused whole.
public enum OperationFile {
    public static let format = "docket-operations"
    public static let version = 1
    /// Files larger than this are refused before reading; a week offline is far below it.
    public static let maximumBytes = 1 << 30
    static let maximumLineBytes = 1 << 20

    struct Header: Codable {
        let format: String
        let version: Int
        let from: String
        let since: String
        let count: Int
    }

    struct Trailer: Codable {
        let end: Bool
        let count: Int
        let sha256: String
    }

    /// A file's contents once checked.
    public struct Contents: Sendable {
        public let from: NodeID
        public let since: VersionVector
        public let operations: [ReplicatedOperation]
    }

    /// Encodes operations as a complete file.
    public static func encode(_ operations: [ReplicatedOperation], from node: NodeID, since: VersionVector) throws -> Data {
        var body = Data()
        let header = Header(format: Self.format, version: Self.version, from: node.rawValue,
                            since: since.description, count: operations.count)
        body.append(contentsOf: Array(try Coding.encode(header).utf8) + [0x0A])
        for operation in operations {
            body.append(contentsOf: Array(try Coding.encode(operation).utf8) + [0x0A])
        }
        let trailer = Trailer(end: true, count: operations.count, sha256: SHA256.hex(of: body))
        body.append(contentsOf: Array(try Coding.encode(trailer).utf8) + [0x0A])
        return body
    }

    /// Decodes and checks a file.
    /// - Throws: `InputError` naming `file` and what is wrong: size, encoding, header, count, checksum, or an operation.
    public static func decode(_ data: Data) throws -> Contents {
        guard data.count <= Self.maximumBytes else {
            throw InputError(field: "file", "is \(data.count) bytes; the limit is \(Self.maximumBytes)")
        }
        guard data.last == 0x0A else { throw InputError(field: "file", "is truncated (no final newline)") }
        let lines = data.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false)
        guard lines.count >= 2 else { throw InputError(field: "file", "is truncated (no header and trailer)") }
        for line in lines where line.count > Self.maximumLineBytes {
            throw InputError(field: "file", "has a line of \(line.count) bytes; the limit is \(Self.maximumLineBytes)")
        }
        guard let header = try? JSONDecoder().decode(Header.self, from: Data(lines[0])),
            header.format == Self.format
        else { throw InputError(field: "file", "is not a Docket operations file (bad header)") }
        guard header.version == Self.version else {
            throw InputError(field: "file", "has format version \(header.version); this docket reads version \(Self.version)")
        }
        guard let trailer = try? JSONDecoder().decode(Trailer.self, from: Data(lines[lines.count - 1])), trailer.end
        else { throw InputError(field: "file", "is truncated (no trailer)") }
        let bodyLength = data.count - lines[lines.count - 1].count - 1
        guard SHA256.hex(of: data.prefix(bodyLength)) == trailer.sha256 else {
            throw InputError(field: "file", "fails its checksum: it was altered or damaged")
        }
        let operationLines = lines[1..<(lines.count - 1)]
        guard header.count == trailer.count, operationLines.count == header.count else {
            throw InputError(field: "file", "holds \(operationLines.count) operations but declares \(header.count)")
        }
        var operations: [ReplicatedOperation] = []
        operations.reserveCapacity(operationLines.count)
        for (index, line) in operationLines.enumerated() {
            guard String(validating: line, as: UTF8.self) != nil else {
                throw InputError(field: "file", "line \(index + 2) is not valid UTF-8")
            }
            do {
                let operation = try JSONDecoder().decode(ReplicatedOperation.self, from: Data(line))
                try operation.validate()
                operations.append(operation)
            } catch let error as InputError {
                throw InputError(field: "file", "line \(index + 2): \(error.description)")
            } catch {
                throw InputError(field: "file", "line \(index + 2) is not a valid operation")
            }
        }
        return Contents(
            from: try NodeID(header.from),
            since: try VersionVector(parsing: header.since, field: "file.since"),
            operations: operations
        )
    }
}
