import DocketCore
import NIOCore

/// The primitive encodings of the peer protocol: LEB128 varints and length-prefixed UTF-8 strings.
///
/// Readers take the limits as arguments and throw `WireError.malformed` rather than trusting a length.
extension ByteBuffer {
    mutating func writeVarint(_ value: UInt64) {
        var remaining = value
        while remaining >= 0x80 {
            self.writeInteger(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        self.writeInteger(UInt8(remaining))
    }

    mutating func readVarint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard let byte = self.readInteger(as: UInt8.self) else {
                throw WireError(.malformed, "message ends inside a number")
            }
            guard shift < 64, shift < 63 || byte <= 1 else { throw WireError(.malformed, "number too large") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    mutating func readCount(maximum: Int, of what: String) throws -> Int {
        let count = try self.readVarint()
        guard count <= UInt64(maximum) else { throw WireError(.malformed, "\(count) \(what) exceed the limit of \(maximum)") }
        return Int(count)
    }

    mutating func writeLengthPrefixedString(_ text: String) {
        self.writeVarint(UInt64(text.utf8.count))
        self.writeString(text)
    }

    mutating func readLengthPrefixedString(maximumBytes: Int) throws -> String {
        let length = try self.readCount(maximum: maximumBytes, of: "string bytes")
        guard let bytes = self.readBytes(length: length) else { throw WireError(.malformed, "message ends inside a string") }
        guard let text = bytes.withUnsafeBufferPointer(String.init(validUTF8:)) else {
            throw WireError(.malformed, "a string is not valid UTF-8")
        }
        return text
    }

    mutating func writeLengthPrefixedBytes(_ bytes: some Collection<UInt8>) {
        self.writeVarint(UInt64(bytes.count))
        self.writeBytes(bytes)
    }

    mutating func readLengthPrefixedBytes(maximumBytes: Int) throws -> [UInt8] {
        let length = try self.readCount(maximum: maximumBytes, of: "bytes")
        guard let bytes = self.readBytes(length: length) else { throw WireError(.malformed, "message ends inside a field") }
        return bytes
    }
}
