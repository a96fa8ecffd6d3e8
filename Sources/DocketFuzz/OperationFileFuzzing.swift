import DocketCore
import DocketStore
import Foundation

/// Decodes bytes as an operations file, twice: as they are, and as operation lines sealed inside a
/// valid header and trailer. A mutated file almost always fails its checksum first; sealing it again
/// lets the fuzzer reach the parsing of each operation.
enum OperationFileFuzzing {
    static func run(_ bytes: [UInt8]) {
        _ = decodings(of: bytes)
    }

    /// Every way the bytes decode, for the targets that go on to apply them.
    static func decodings(of bytes: [UInt8]) -> [OperationFile.Contents] {
        var results: [OperationFile.Contents] = []
        if let contents = try? OperationFile.decode(Data(bytes)) { results.append(contents) }
        if let contents = try? OperationFile.decode(sealed(bytes)) { results.append(contents) }
        for contents in results {
            guard contents.operations.allSatisfy({ (try? $0.validate()) != nil }) else {
                invariantBroken("a decoded file holds an operation that fails validation")
            }
        }
        return results
    }

    /// `lines` as the body of a file from `fz-sealed` with a correct header count and checksum.
    static func sealed(_ lines: [UInt8]) -> Data {
        var body = lines
        if let last = body.last, last != 0x0A { body.append(0x0A) }
        let count = body.isEmpty ? 0 : body.count(where: { $0 == 0x0A })
        let header = #"{"count":\#(count),"format":"docket-operations","from":"fz-sealed","since":"","version":1}"#
        var file = Data(header.utf8) + [0x0A] + Data(body)
        let trailer = #"{"count":\#(count),"end":true,"sha256":"\#(SHA256.hex(of: file))"}"#
        file.append(contentsOf: Array(trailer.utf8) + [0x0A])
        return file
    }
}
