import DocketCodec
import DocketCore
import DocketStore
import DocketTestSupport
import Foundation
import Testing

@Suite struct OperationFileTests {
    /// A replica with a few operations and the file exporting them, signed as `docket export` signs it.
    static func exported() throws -> (scratch: Scratch, source: Replica, operations: [ReplicatedOperation], file: Data) {
        let scratch = try Scratch()
        let source = try scratch.replica(Fixtures.pudong)
        let ref = try source.openCase(customer: try source.addCustomer(traits: ["价格敏感型"]))
        try source.change(ref, now: Fixtures.morning + 60_000) { try Fixtures.handoff($0, to: "财务部", owner: "李娜") }
        let operations = try source.operations(missingFrom: VersionVector())
        let batch = try scratch.signing.signedBatch(from: source)
        let file = try OperationFile.encode(
            batch, since: VersionVector(), signer: try scratch.signing.signer(for: Fixtures.pudong))
        return (scratch, source, operations, file)
    }

    func fileError(_ data: Data, scratch: Scratch) -> InputError? {
        do {
            _ = try OperationFile.decode(data, verifier: scratch.signing.verifier)
            return nil
        } catch let error as InputError {
            return error
        } catch {
            return InputError(field: "unexpected", "\(error)")
        }
    }

    /// Seals `lines` (header and body lines, no trailer) with a trailer for `count` operations: a correct
    /// checksum, signed by the exporting office, as someone holding its key could.
    func sealed(_ lines: [Data], count: Int, scratch: Scratch, signer: (any ChainSigning)? = nil) throws -> Data {
        var body = Data()
        for line in lines { body += line + [0x0A] }
        let signer = try signer ?? scratch.signing.signer(for: Fixtures.pudong)
        let digest = SHA256.digest(of: body)
        let signature = Data(try signer.signFile(sha256: digest)).base64EncodedString()
        let trailer = #"{"count":\#(count),"end":true,"sha256":"\#(Hex.encode(digest))","#
            + #""signature":"\#(signature)","signer":"\#(signer.certificate.fingerprint)"}"#
        return body + Data(trailer.utf8) + [0x0A]
    }

    func lines(_ file: Data) -> [Data] {
        file.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false).map { Data($0) }
    }

    /// A body line holding `operation` with its changes' JSON edited by `edit`.
    func bodyLine(_ operation: ReplicatedOperation, editing edit: (String) -> String) throws -> Data {
        let json = String(decoding: try ChangeCoding.encode(operation.changes), as: UTF8.self)
        let edited = ReplicatedOperation(
            dot: operation.dot, previous: operation.previous, record: operation.record, clock: operation.clock,
            timestamp: operation.timestamp, author: operation.author,
            changes: try ChangeCoding.decode(Array(edit(json).utf8)))
        let body = Data(try EncodedOperation(edited).body).base64EncodedString()
        return Data(#"{"body":"\#(body)"}"#.utf8)
    }

    @Test func roundTripsOperationsWithChineseTextAndImports() throws {
        let (scratch, source, operations, file) = try Self.exported()
        let contents = try OperationFile.decode(file, verifier: scratch.signing.verifier)
        #expect(contents.from == Fixtures.pudong)
        #expect(contents.since == VersionVector())
        #expect(contents.batch.operations.map(\.operation) == operations)
        #expect(contents.batch.operations.contains { $0.operation.changes.contains(.set(field: "department", value: .text("财务部"))) })
        let target = try scratch.replica(Fixtures.chaoyang)
        let applied = try target.apply(contents.batch, verifier: scratch.signing.verifier, source: "file")
        #expect(applied.applied == operations.count)
        #expect(try target.stateDigest() == (try source.stateDigest()))

        let since = VersionVector([Fixtures.pudong: 1, Fixtures.chaoyang: 4])
        let pudong = try scratch.signing.signer(for: Fixtures.pudong)
        var later = contents.batch
        later.operations.removeFirst()
        let partial = try OperationFile.encode(later, since: since, signer: pudong)
        #expect(try OperationFile.decode(partial, verifier: scratch.signing.verifier).since == since)
        let empty = try OperationFile.encode(
            SignedBatch(), since: since, signer: try scratch.signing.signer(for: Fixtures.chaoyang))
        let emptyContents = try OperationFile.decode(empty, verifier: scratch.signing.verifier)
        #expect(emptyContents.batch.operations.isEmpty)
        #expect(emptyContents.from == Fixtures.chaoyang)
    }

    @Test func refusesTruncatedFiles() throws {
        let (scratch, _, _, file) = try Self.exported()
        for cut in [1, 2, 40, file.count / 2, file.count - 1] {
            let error = self.fileError(file.prefix(file.count - cut), scratch: scratch)
            #expect(error?.field == "file", "cut \(cut): \(String(describing: error))")
        }
        // Cut at a line boundary: the last signature line is taken for the trailer, which it is not.
        let lines = self.lines(file)
        var atBoundary = Data()
        for line in lines.dropLast() { atBoundary += line + [0x0A] }
        #expect(self.fileError(atBoundary, scratch: scratch)?.message == "is truncated (no trailer)")
        #expect(self.fileError(Data(), scratch: scratch)?.field == "file")
    }

    @Test func refusesAFlippedByte() throws {
        let (scratch, _, _, file) = try Self.exported()
        let lines = self.lines(file)
        // Flip one byte inside each operation, certificate and signature line: the checksum no longer matches.
        var offset = lines[0].count + 1
        for line in lines.dropFirst().dropLast() {
            var damaged = file
            let position = offset + line.count / 2
            damaged[position] = damaged[position] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
            #expect(self.fileError(damaged, scratch: scratch)?.message == "fails its checksum: it was altered or damaged")
            offset += line.count + 1
        }
    }

    @Test func refusesAnotherVersionOrFormat() throws {
        let (scratch, _, _, file) = try Self.exported()
        var lines = self.lines(file)
        let header = String(decoding: lines[0], as: UTF8.self)
        #expect(header.contains(#""version":2"#))
        let count = try OperationFile.decode(file, verifier: scratch.signing.verifier).batch.operations.count
        lines[0] = Data(header.replacingOccurrences(of: #""version":2"#, with: #""version":3"#).utf8)
        let future = try self.sealed(Array(lines.dropLast()), count: count, scratch: scratch)
        #expect(self.fileError(future, scratch: scratch)?.message == "has format version 3; this docket reads version 2")
        lines[0] = Data(header.replacingOccurrences(of: "docket-operations", with: "other-format").utf8)
        #expect(self.fileError(try self.sealed(Array(lines.dropLast()), count: count, scratch: scratch), scratch: scratch)?.message
            == "is not a Docket operations file (bad header)")
    }

    @Test func refusesAWrongCount() throws {
        let (scratch, _, operations, file) = try Self.exported()
        let lines = self.lines(file)
        // One operation line dropped, header and trailer still claiming all of them; checksum made valid.
        var short = Array(lines.dropLast())
        short.remove(at: 1)
        let declared = lines.count - 2
        let error = self.fileError(try self.sealed(short, count: operations.count, scratch: scratch), scratch: scratch)
        #expect(error?.field == "file")
        #expect(error?.message == "holds \(declared - 1) lines but declares \(declared)")
    }

    /// Lines are JSON, which is UTF-8: anything else in an operation's place is not an operation.
    @Test func refusesInvalidUTF8() throws {
        let (scratch, _, operations, file) = try Self.exported()
        var lines = Array(self.lines(file).dropLast())
        lines[1] = lines[1].prefix(20) + Data([0xFF, 0xFE]) + lines[1].dropFirst(20)
        let error = self.fileError(try self.sealed(lines, count: operations.count, scratch: scratch), scratch: scratch)
        #expect(error?.field == "file")
        #expect(error?.message == "line 2 is not an operation")
    }

    @Test func refusesAnInvalidOperation() throws {
        let (scratch, _, operations, file) = try Self.exported()
        var lines = Array(self.lines(file).dropLast())
        // Line 1 is the header, so the last operation is on line `operations.count + 1`.
        let last = operations.count
        let handoff = try #require(operations.last)
        let json = String(decoding: try ChangeCoding.encode(handoff.changes), as: UTF8.self)
        #expect(json.contains(#""investigating""#))
        lines[last] = try self.bodyLine(handoff) { $0.replacingOccurrences(of: #""investigating""#, with: #""finished""#) }
        let error = self.fileError(try self.sealed(lines, count: operations.count, scratch: scratch), scratch: scratch)
        #expect(error?.field == "file")
        #expect(error?.message.hasPrefix("line \(last + 1): status: ") == true, "\(String(describing: error))")

        // Entries are checked as strictly as when a person writes them: a handoff without its context is refused.
        lines[last] = try self.bodyLine(handoff) { $0.replacingOccurrences(of: "已致歉并登记投诉", with: "") }
        #expect(self.fileError(try self.sealed(lines, count: operations.count, scratch: scratch), scratch: scratch)?.message
            == "line \(last + 1): measures_taken: must not be empty")

        lines[last] = Data(#"{"not":"an operation"}"#.utf8)
        #expect(self.fileError(try self.sealed(lines, count: operations.count, scratch: scratch), scratch: scratch)?.message
            == "line \(last + 1) is not an operation")
    }

    /// A checksum anyone can recompute; the signature only the exporting office can make.
    @Test func refusesAFileSignedByAnotherOfficeOrAnotherCA() throws {
        let (scratch, _, operations, file) = try Self.exported()
        var lines = Array(self.lines(file).dropLast())
        let chaoyang = try scratch.signing.signer(for: Fixtures.chaoyang)
        // The signer's certificate must be among the file's; add chaoyang's where certificates are listed.
        var header = String(decoding: lines[0], as: UTF8.self)
        let certificates = lines.filter { $0.starts(with: Data(#"{"certificate""#.utf8)) }.count
        header = header.replacingOccurrences(of: #""certificates":\#(certificates)"#, with: #""certificates":\#(certificates + 1)"#)
        lines[0] = Data(header.utf8)
        let certificateLine = Data(#"{"certificate":"\#(Data(chaoyang.certificate.der).base64EncodedString())"}"#.utf8)
        lines.insert(certificateLine, at: operations.count + 1)
        let byChaoyang = try self.sealed(lines, count: operations.count, scratch: scratch, signer: chaoyang)
        #expect(self.fileError(byChaoyang, scratch: scratch)?.message.hasPrefix("refused: wrong sender: ") == true)

        let elsewhere = try TestSigning()
        let foreign = try self.sealed(
            Array(self.lines(file).dropLast()), count: operations.count, scratch: scratch,
            signer: try elsewhere.signer(for: Fixtures.pudong))
        #expect(self.fileError(foreign, scratch: scratch)?.message == "is not signed by a certificate it carries")
    }
}
