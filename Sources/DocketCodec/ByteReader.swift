import DocketCore

/// Reads what `ByteWriter` writes, checking every length against a limit before trusting it.
public struct ByteReader {
    private let bytes: [UInt8]
    public private(set) var offset = 0

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public var remaining: Int { self.bytes.count - self.offset }

    public mutating func readByte() throws(CodecError) -> UInt8 {
        guard self.offset < self.bytes.count else { throw CodecError("ends early") }
        defer { self.offset += 1 }
        return self.bytes[self.offset]
    }

    public mutating func readRaw(count: Int) throws(CodecError) -> [UInt8] {
        guard count >= 0, count <= self.remaining else { throw CodecError("ends inside a field") }
        defer { self.offset += count }
        return Array(self.bytes[self.offset..<self.offset + count])
    }

    public mutating func readVarint() throws(CodecError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try self.readByte()
            // The tenth byte may only carry the top bit of a 64-bit number.
            guard shift < 63 || (shift == 63 && byte <= 1) else { throw CodecError("a number is too large") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    public mutating func readCount(maximum: Int, of what: String) throws(CodecError) -> Int {
        let count = try self.readVarint()
        guard count <= UInt64(maximum) else { throw CodecError("\(count) \(what) exceed the limit of \(maximum)") }
        return Int(count)
    }

    public mutating func readLengthPrefixed(maximumBytes: Int, of what: String) throws(CodecError) -> [UInt8] {
        try self.readRaw(count: try self.readLength(maximumBytes: maximumBytes, of: what))
    }

    /// Reads the string in place, without copying its bytes first: bodies and stored states are mostly
    /// strings, and the copy was a large part of reading them.
    public mutating func readString(maximumBytes: Int, of what: String) throws(CodecError) -> String {
        let count = try self.readLength(maximumBytes: maximumBytes, of: what)
        guard count <= self.remaining else { throw CodecError("ends inside a field") }
        let start = self.offset
        self.offset += count
        let text = self.bytes.withUnsafeBufferPointer {
            String(validUTF8: UnsafeBufferPointer(rebasing: $0[start..<start + count]))
        }
        guard let text else { throw CodecError("\(what) is not valid UTF-8") }
        return text
    }

    /// A length prefix; the message is only built when the limit is exceeded, as most reads are strings.
    private mutating func readLength(maximumBytes: Int, of what: String) throws(CodecError) -> Int {
        let count = try self.readVarint()
        guard count <= UInt64(maximumBytes) else {
            throw CodecError("\(count) bytes of \(what) exceed the limit of \(maximumBytes)")
        }
        return Int(count)
    }
}

/// Bytes that do not decode: what was wrong, for a refusal or an error line.
public struct CodecError: Error, Hashable, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
