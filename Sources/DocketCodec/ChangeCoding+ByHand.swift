import DocketCore

/// Changes written by hand, byte for byte as Foundation's `JSONEncoder` writes them with `encode`'s
/// options: each change an object of one member named for its case, holding that case's members with
/// their keys sorted. An entry is written by `JSONTextEncoder`; a remedy, a newer office's JSON, or an
/// entry `JSONTextEncoder` leaves to Foundation makes the whole list go to Foundation (nil).
///
/// Through `Encodable`, a `docket case set` looked up the coding keys of every kind of change (each one's
/// first use in a process scans all of the binary's protocol conformances) and ran Foundation's encoder:
/// 4% of the instructions the command ran (`docs/benchmarks.md`, "Fifteenth round"). The bytes are an
/// operation's canonical form, signed and hashed: the tests and the `changes` fuzz target compare them
/// with Foundation's.
extension ChangeCoding {
    package static func writtenByHand(_ changes: [Change]) -> [UInt8]? {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        bytes.reserveCapacity(64 * changes.count + 2)
        for (index, change) in changes.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            guard Self.write(change, into: &bytes) else { return nil }
        }
        bytes.append(UInt8(ascii: "]"))
        return bytes
    }

    private static func write(_ change: Change, into bytes: inout [UInt8]) -> Bool {
        switch change {
        case .set(let field, let value):
            bytes.append(contentsOf: #"{"set":{"field":"#.utf8)
            JSONTextEncoder.write(string: field, into: &bytes)
            bytes.append(contentsOf: #","value":"#.utf8)
            switch value {
            case .null: bytes.append(contentsOf: "null".utf8)
            case .text(let text): JSONTextEncoder.write(string: text, into: &bytes)
            case .integer(let number): bytes.append(contentsOf: String(number).utf8)
            case .remedy, .json: return false
            }
        case .add(let set, let element):
            bytes.append(contentsOf: #"{"add":{"element":"#.utf8)
            JSONTextEncoder.write(string: element, into: &bytes)
            bytes.append(contentsOf: #","set":"#.utf8)
            JSONTextEncoder.write(string: set, into: &bytes)
        case .remove(let set, let element, let observed):
            bytes.append(contentsOf: #"{"remove":{"element":"#.utf8)
            JSONTextEncoder.write(string: element, into: &bytes)
            bytes.append(contentsOf: #","observed":["#.utf8)
            for (index, dot) in observed.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                bytes.append(contentsOf: #"{"node":"#.utf8)
                JSONTextEncoder.write(string: dot.node.rawValue, into: &bytes)
                bytes.append(contentsOf: #","seq":"#.utf8)
                bytes.append(contentsOf: String(dot.seq).utf8)
                bytes.append(UInt8(ascii: "}"))
            }
            bytes.append(contentsOf: #"],"set":"#.utf8)
            JSONTextEncoder.write(string: set, into: &bytes)
        case .append(let entry):
            guard let text = JSONTextEncoder.encode(entry) else { return false }
            bytes.append(contentsOf: #"{"append":{"entry":"#.utf8)
            bytes.append(contentsOf: text.utf8)
        }
        bytes.append(contentsOf: "}}".utf8)
        return true
    }
}
