/// Appends the primitives of Docket's binary encodings: LEB128 varints, length-prefixed bytes and UTF-8.
public struct ByteWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 256) {
        self.bytes.reserveCapacity(capacity)
    }

    public mutating func write(byte: UInt8) {
        self.bytes.append(byte)
    }

    public mutating func write(raw: some Sequence<UInt8>) {
        self.bytes.append(contentsOf: raw)
    }

    public mutating func write(varint value: UInt64) {
        var remaining = value
        while remaining >= 0x80 {
            self.bytes.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        self.bytes.append(UInt8(remaining))
    }

    public mutating func write(lengthPrefixed raw: some Collection<UInt8>) {
        self.write(varint: UInt64(raw.count))
        self.bytes.append(contentsOf: raw)
    }

    /// Without copying the UTF-8 first: encoded states and bodies are mostly strings.
    public mutating func write(string text: String) {
        self.write(varint: UInt64(text.utf8.count))
        self.bytes.append(contentsOf: text.utf8)
    }
}
