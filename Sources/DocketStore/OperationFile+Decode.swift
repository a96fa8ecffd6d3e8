import DocketCodec
import DocketCore
import Foundation

extension OperationFile {
    /// Decodes and checks a file: its shape, checksum and the exporting office's signature. The operations'
    /// own chain and signatures are checked when they are applied, as for a batch from the network.
    /// - Throws: `InputError` naming `file` and what is wrong.
    public static func decode(_ data: Data, verifier: any ChainVerifying) throws -> Contents {
        guard data.count <= Self.maximumBytes else {
            throw InputError(field: "file", "is \(data.count) bytes; the limit is \(Self.maximumBytes)")
        }
        guard data.last == 0x0A else { throw InputError(field: "file", "is truncated (no final newline)") }
        let lines = data.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false)
        guard lines.count >= 2 else { throw InputError(field: "file", "is truncated (no header and trailer)") }
        for line in lines where line.count > Self.maximumLineBytes {
            throw InputError(field: "file", "has a line of \(line.count) bytes; the limit is \(Self.maximumLineBytes)")
        }
        let header = try Self.header(lines[lines.startIndex])
        guard let trailer = try? JSONDecoder().decode(Trailer.self, from: Data(lines[lines.count - 1])), trailer.end
        else { throw InputError(field: "file", "is truncated (no trailer)") }
        let bodyLength = data.count - lines[lines.count - 1].count - 1
        let digest = SHA256.digest(of: data.prefix(bodyLength))
        guard Hex.encode(digest) == trailer.sha256 else {
            throw InputError(field: "file", "fails its checksum: it was altered or damaged")
        }
        let declared = header.count + header.certificates + header.signatures
        guard header.count == trailer.count, lines.count - 2 == declared, min(header.count, header.certificates, header.signatures) >= 0 else {
            throw InputError(field: "file", "holds \(lines.count - 2) lines but declares \(declared)")
        }
        var reader = LineReader(lines: Array(lines[1..<(lines.count - 1)]))
        let operations = try reader.operations(header.count)
        let certificates = try reader.certificates(header.certificates)
        let signatures = try reader.signatures(header.signatures)
        let batch = SignedBatch(operations: operations, signatures: signatures, certificates: certificates)
        let from = try NodeID(header.from)
        guard let signer = batch.certificates.first(where: { $0.fingerprint == trailer.signer }),
            let signature = Data(base64Encoded: trailer.signature)
        else { throw InputError(field: "file", "is not signed by a certificate it carries") }
        do {
            try verifier.verifyFile([UInt8](signature), sha256: digest, sender: from, certificate: signer)
        } catch let refusal as ChainRefusal {
            throw InputError(field: "file", "refused: \(refusal); nothing was applied")
        }
        return Contents(from: from, since: try VersionVector(parsing: header.since, field: "file.since"), batch: batch)
    }

    private static func header(_ line: Data.SubSequence) throws -> Header {
        struct Probe: Codable { let format: String; let version: Int }
        guard let probe = try? JSONDecoder().decode(Probe.self, from: Data(line)), probe.format == Self.format else {
            throw InputError(field: "file", "is not a Docket operations file (bad header)")
        }
        guard probe.version == Self.version else {
            throw InputError(field: "file", "has format version \(probe.version); this docket reads version \(Self.version)")
        }
        guard let header = try? JSONDecoder().decode(Header.self, from: Data(line)) else {
            throw InputError(field: "file", "has a header missing its counts")
        }
        return header
    }
}

/// Reads the file's lines in order, naming the line of anything wrong.
private struct LineReader {
    let lines: [Data.SubSequence]
    var index = 0

    private mutating func next<Line: Decodable>(_ type: Line.Type, what: String) throws -> Line {
        // Line numbers in messages count the header as line 1.
        let number = self.index + 2
        defer { self.index += 1 }
        guard let line = try? JSONDecoder().decode(type, from: Data(self.lines[self.index])) else {
            throw InputError(field: "file", "line \(number) is not \(what)")
        }
        return line
    }

    mutating func operations(_ count: Int) throws -> [EncodedOperation] {
        var operations: [EncodedOperation] = []
        operations.reserveCapacity(count)
        for _ in 0..<count {
            let number = self.index + 2
            let line = try self.next(OperationFile.BodyLine.self, what: "an operation")
            guard let body = Data(base64Encoded: line.body) else {
                throw InputError(field: "file", "line \(number): the body is not base64")
            }
            do {
                let operation = try EncodedOperation(body: [UInt8](body))
                try operation.operation.validate(knowing: .running)
                operations.append(operation)
            } catch let error as CodecError {
                throw InputError(field: "file", "line \(number): \(error.description)")
            } catch let error as InputError {
                throw InputError(field: "file", "line \(number): \(error.description)")
            }
        }
        return operations
    }

    mutating func certificates(_ count: Int) throws -> [SignerCertificate] {
        try (0..<count).map { _ in
            let number = self.index + 2
            let line = try self.next(OperationFile.CertificateLine.self, what: "a certificate")
            guard let der = Data(base64Encoded: line.certificate) else {
                throw InputError(field: "file", "line \(number): the certificate is not base64")
            }
            return SignerCertificate(der: [UInt8](der))
        }
    }

    mutating func signatures(_ count: Int) throws -> [ChainSignature] {
        try (0..<count).map { _ in
            let number = self.index + 2
            let form = try self.next(OperationFile.SignatureLine.self, what: "a signature").signature
            guard let origin = try? NodeID(form.origin), (1...Dot.maximumSeq).contains(form.seq),
                let head = ChainHash(hex: form.head), let value = Data(base64Encoded: form.value)
            else { throw InputError(field: "file", "line \(number): the signature is malformed") }
            return ChainSignature(
                origin: origin, seq: form.seq, head: head, certificate: form.certificate, signature: [UInt8](value))
        }
    }
}
