import DocketCore
import DocketStore
import Foundation

/// Decodes bytes as an operations file, twice: as they are, and as body, certificate and signature lines
/// sealed inside a valid header and trailer. A mutated file almost always fails its checksum first, and
/// the fuzzer cannot sign one; sealing it again, signed by a key of the fuzz CA, lets it reach the parsing
/// of each line and the file signature's success path.
enum OperationFileFuzzing {
    static func run(_ bytes: [UInt8]) {
        _ = decodings(of: bytes)
    }

    /// Every way the bytes decode, for the targets that go on to apply them.
    static func decodings(of bytes: [UInt8]) -> [OperationFile.Contents] {
        var results: [OperationFile.Contents] = []
        let verifier = FuzzCertificates.verifier
        if let contents = try? OperationFile.decode(Data(bytes), verifier: verifier) { results.append(contents) }
        if let contents = try? OperationFile.decode(sealed(bytes), verifier: verifier) { results.append(contents) }
        for contents in results {
            guard contents.batch.operations.allSatisfy({ (try? $0.operation.validate()) != nil }) else {
                invariantBroken("a decoded file holds an operation that fails validation")
            }
        }
        return results
    }

    /// `lines` as the lines of a file from `fz-sealed`: sorted into bodies, certificates and signatures by
    /// their first key (anything else counts as a body), with the sealer's certificate added, a header
    /// counting them, and a trailer with the checksum, signed by the sealer.
    static func sealed(_ lines: [UInt8]) -> Data {
        var bodies: [ArraySlice<UInt8>] = []
        var certificates: [ArraySlice<UInt8>] = []
        var signatures: [ArraySlice<UInt8>] = []
        for line in lines.split(separator: 0x0A, omittingEmptySubsequences: false) where !line.isEmpty {
            if line.starts(with: Array(#"{"certificate""#.utf8)) {
                certificates.append(line)
            } else if line.starts(with: Array(#"{"signature""#.utf8)) {
                signatures.append(line)
            } else {
                bodies.append(line)
            }
        }
        let sealer = FuzzCertificates.signer(for: "fz-sealed")
        certificates.append(ArraySlice(#"{"certificate":"\#(Data(sealer.certificate.der).base64EncodedString())"}"#.utf8))
        let header = #"{"certificates":\#(certificates.count),"count":\#(bodies.count),"format":"docket-operations","#
            + #""from":"fz-sealed","signatures":\#(signatures.count),"since":"","version":2}"#
        var file = Data(header.utf8) + [0x0A]
        for line in bodies + certificates + signatures {
            file.append(contentsOf: line)
            file.append(0x0A)
        }
        let digest = SHA256.digest(of: file)
        guard let signature = try? sealer.signFile(sha256: digest) else { invariantBroken("the sealer cannot sign") }
        let trailer = #"{"count":\#(bodies.count),"end":true,"sha256":"\#(Hex.encode(digest))","#
            + #""signature":"\#(Data(signature).base64EncodedString())","signer":"\#(sealer.certificate.fingerprint)"}"#
        file.append(contentsOf: Array(trailer.utf8) + [0x0A])
        return file
    }
}
