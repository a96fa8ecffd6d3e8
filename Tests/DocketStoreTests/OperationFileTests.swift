import DocketCore
import DocketStore
import Foundation
import Testing

@Suite struct OperationFileTests {
    /// A replica with a few operations and the file exporting them.
    static func exported() throws -> (scratch: Scratch, source: Replica, operations: [ReplicatedOperation], file: Data) {
        let scratch = try Scratch()
        let source = try scratch.replica(Fixtures.pudong)
        let ref = try source.openCase(customer: try source.addCustomer(traits: ["价格敏感型"]))
        try source.change(ref, now: Fixtures.morning + 60_000) { try Fixtures.handoff($0, to: "财务部", owner: "李娜") }
        let operations = try source.operations(missingFrom: VersionVector())
        let file = try OperationFile.encode(operations, from: Fixtures.pudong, since: VersionVector())
        return (scratch, source, operations, file)
    }

    func fileError(_ data: Data) -> InputError? {
        do {
            _ = try OperationFile.decode(data)
            return nil
        } catch let error as InputError {
            return error
        } catch {
            return InputError(field: "unexpected", "\(error)")
        }
    }

    /// Re-signs `lines` (header, operations, no trailer) with a correct trailer for `count`.
    func signed(_ lines: [Data], count: Int) -> Data {
        var body = Data()
        for line in lines { body += line + [0x0A] }
        let trailer = #"{"count":\#(count),"end":true,"sha256":"\#(SHA256.hex(of: body))"}"#
        return body + Data(trailer.utf8) + [0x0A]
    }

    func lines(_ file: Data) -> [Data] {
        file.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false).map { Data($0) }
    }

    @Test func roundTripsOperationsWithChineseTextAndImports() throws {
        let (scratch, source, operations, file) = try Self.exported()
        #expect(String(decoding: file, as: UTF8.self).contains("财务部"))
        let contents = try OperationFile.decode(file)
        #expect(contents.from == Fixtures.pudong)
        #expect(contents.since == VersionVector())
        #expect(contents.operations == operations)
        let target = try scratch.replica(Fixtures.chaoyang)
        #expect(try target.apply(contents.operations).applied == operations.count)
        #expect(try target.stateDigest() == (try source.stateDigest()))

        let since = VersionVector([Fixtures.pudong: 1, Fixtures.chaoyang: 4])
        let partial = try OperationFile.encode(Array(operations.dropFirst()), from: Fixtures.pudong, since: since)
        #expect(try OperationFile.decode(partial).since == since)
        let empty = try OperationFile.encode([], from: Fixtures.chaoyang, since: since)
        #expect(try OperationFile.decode(empty).operations.isEmpty)
    }

    @Test func refusesTruncatedFiles() throws {
        let file = try Self.exported().file
        for cut in [1, 2, 40, file.count / 2, file.count - 1] {
            let error = self.fileError(file.prefix(file.count - cut))
            #expect(error?.field == "file", "cut \(cut): \(String(describing: error))")
        }
        // Cut at a line boundary: the last operation line is taken for the trailer, which it is not.
        let lines = self.lines(file)
        var atBoundary = Data()
        for line in lines.dropLast() { atBoundary += line + [0x0A] }
        #expect(self.fileError(atBoundary)?.message == "is truncated (no trailer)")
        #expect(self.fileError(Data())?.field == "file")
    }

    @Test func refusesAFlippedByte() throws {
        let file = try Self.exported().file
        let lines = self.lines(file)
        // Flip one byte inside each operation line's text: the checksum no longer matches.
        var offset = lines[0].count + 1
        for line in lines.dropFirst().dropLast() {
            var damaged = file
            let position = offset + line.count / 2
            damaged[position] = damaged[position] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
            #expect(self.fileError(damaged)?.message == "fails its checksum: it was altered or damaged")
            offset += line.count + 1
        }
    }

    @Test func refusesAnotherVersionOrFormat() throws {
        let file = try Self.exported().file
        var lines = self.lines(file)
        let header = String(decoding: lines[0], as: UTF8.self)
        lines[0] = Data(header.replacingOccurrences(of: #""version":1"#, with: #""version":2"#).utf8)
        let future = self.signed(Array(lines.dropLast()), count: lines.count - 2)
        #expect(self.fileError(future)?.message == "has format version 2; this docket reads version 1")
        lines[0] = Data(header.replacingOccurrences(of: "docket-operations", with: "other-format").utf8)
        #expect(self.fileError(self.signed(Array(lines.dropLast()), count: lines.count - 2))?.message
            == "is not a Docket operations file (bad header)")
    }

    @Test func refusesAWrongCount() throws {
        let file = try Self.exported().file
        let lines = self.lines(file)
        // One operation line dropped, header and trailer still claiming all of them; checksum made valid.
        var short = Array(lines.dropLast())
        short.remove(at: 1)
        let declared = lines.count - 2
        let error = self.fileError(self.signed(short, count: declared))
        #expect(error?.field == "file")
        #expect(error?.message == "holds \(declared - 1) operations but declares \(declared)")
    }

    @Test func refusesInvalidUTF8() throws {
        let file = try Self.exported().file
        var lines = Array(self.lines(file).dropLast())
        lines[1] = lines[1].prefix(20) + Data([0xFF, 0xFE]) + lines[1].dropFirst(20)
        let error = self.fileError(self.signed(lines, count: lines.count - 1))
        #expect(error?.field == "file")
        #expect(error?.message == "line 2 is not valid UTF-8")
    }

    @Test func refusesAnInvalidOperation() throws {
        let file = try Self.exported().file
        var lines = Array(self.lines(file).dropLast())
        let last = lines.count - 1
        let text = String(decoding: lines[last], as: UTF8.self)
        #expect(text.contains(#""investigating""#))
        lines[last] = Data(text.replacingOccurrences(of: #""investigating""#, with: #""finished""#).utf8)
        let error = self.fileError(self.signed(lines, count: lines.count - 1))
        #expect(error?.field == "file")
        #expect(error?.message.hasPrefix("line \(last + 1): status: ") == true, "\(String(describing: error))")

        // Entries are checked as strictly as when a person writes them: a handoff without its context is refused.
        lines[last] = Data(text.replacingOccurrences(of: "已致歉并登记投诉", with: "").utf8)
        #expect(self.fileError(self.signed(lines, count: lines.count - 1))?.message
            == "line \(last + 1): measures_taken: must not be empty")

        lines[last] = Data(#"{"not":"an operation"}"#.utf8)
        #expect(self.fileError(self.signed(lines, count: lines.count - 1))?.message == "line \(last + 1) is not a valid operation")
    }
}
