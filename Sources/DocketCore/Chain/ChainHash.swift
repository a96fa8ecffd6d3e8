/// The SHA-256 of one operation's body: what the next operation from the same origin commits to.
///
/// An origin's operations form a chain through these hashes, so a signature over the newest one vouches
/// for every earlier operation too.
public struct ChainHash: Hashable, Sendable, CustomStringConvertible {
    /// Exactly 32 bytes.
    public let bytes: [UInt8]

    /// What the first operation of every origin commits to: 32 zero bytes.
    public static let zero = ChainHash(unchecked: [UInt8](repeating: 0, count: 32))

    private init(unchecked bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Wraps a stored or received hash; nil unless it is 32 bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    /// The hash of an operation body.
    public init(hashing body: [UInt8]) {
        self.bytes = SHA256.digest(of: body)
    }

    /// Parses 64 hex digits (either case).
    public init?(hex: String) {
        guard hex.utf8.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.bytes = bytes
    }

    /// 64 lowercase hex digits.
    public var hex: String { Hex.encode(self.bytes) }

    /// The first 12 hex digits, enough to tell two hashes apart in a log line.
    public var description: String { String(self.hex.prefix(12)) }
}

/// Lowercase hexadecimal, the form hashes and fingerprints take in text.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var utf8: [UInt8] = []
        for byte in bytes {
            utf8.append(Self.digits[Int(byte >> 4)])
            utf8.append(Self.digits[Int(byte & 0x0F)])
        }
        return String(decoding: utf8, as: UTF8.self)
    }
}

extension ChainHash: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let hash = ChainHash(hex: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a 64-digit hex hash"))
        }
        self = hash
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.hex)
    }
}
