/// SHA-256 (FIPS 180-4) in plain Swift, so the pure core can fingerprint state and files without I/O
/// libraries. Used for export-file checksums and replica state digests, not for secrets.
public struct SHA256: Sendable {
    private var state: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0

    public init() {}

    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        // Contiguous input (arrays, Data, slices) is compressed straight from its storage, a block at a
        // time: operation bodies are hashed one per operation on the apply path.
        let handled: Void? = bytes.withContiguousStorageIfAvailable { self.update(contiguous: UnsafeRawBufferPointer($0)) }
        guard handled == nil else { return }
        for byte in bytes {
            self.buffer.append(byte)
            self.length &+= 1
            if self.buffer.count == 64 {
                let block = self.buffer
                block.withUnsafeBytes { self.compress($0) }
                self.buffer.removeAll(keepingCapacity: true)
            }
        }
    }

    private mutating func update(contiguous input: UnsafeRawBufferPointer) {
        self.length &+= UInt64(input.count)
        var offset = 0
        if !self.buffer.isEmpty {
            let take = min(64 - self.buffer.count, input.count)
            self.buffer.append(contentsOf: input[0..<take])
            offset = take
            guard self.buffer.count == 64 else { return }
            let block = self.buffer
            block.withUnsafeBytes { self.compress($0) }
            self.buffer.removeAll(keepingCapacity: true)
        }
        while input.count - offset >= 64 {
            self.compress(UnsafeRawBufferPointer(rebasing: input[offset..<offset + 64]))
            offset += 64
        }
        self.buffer.append(contentsOf: input[offset...])
    }

    public mutating func update(_ text: String) {
        self.update(text.utf8)
    }

    /// The digest of everything added so far: 32 bytes.
    public func digest() -> [UInt8] {
        var copy = self
        let bitLength = copy.length &* 8
        copy.buffer.append(0x80)
        while copy.buffer.count % 64 != 56 { copy.buffer.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) {
            copy.buffer.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        let padded = copy.buffer
        padded.withUnsafeBytes { raw in
            for start in stride(from: 0, to: raw.count, by: 64) {
                copy.compress(UnsafeRawBufferPointer(rebasing: raw[start..<start + 64]))
            }
        }
        var result: [UInt8] = []
        result.reserveCapacity(32)
        for word in copy.state {
            for shift in stride(from: 24, through: 0, by: -8) {
                result.append(UInt8(truncatingIfNeeded: word >> UInt32(shift)))
            }
        }
        return result
    }

    /// The digest of everything added so far, as 64 lowercase hex digits.
    public func hexDigest() -> String {
        Hex.encode(self.digest())
    }

    /// The 32-byte digest of `bytes`.
    public static func digest<Bytes: Sequence>(of bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.digest()
    }

    public static func hex<Bytes: Sequence>(of bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.hexDigest()
    }

    private mutating func compress(_ block: UnsafeRawBufferPointer) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            self.compress(block, schedule: w)
        }
    }

    private mutating func compress(_ block: UnsafeRawBufferPointer, schedule w: UnsafeMutableBufferPointer<UInt32>) {
        for i in 0..<16 {
            w[i] = UInt32(block[4 * i]) << 24 | UInt32(block[4 * i + 1]) << 16
                | UInt32(block[4 * i + 2]) << 8 | UInt32(block[4 * i + 3])
        }
        for i in 16..<64 {
            let s0 = w[i - 15].rotatedRight(7) ^ w[i - 15].rotatedRight(18) ^ (w[i - 15] >> 3)
            let s1 = w[i - 2].rotatedRight(17) ^ w[i - 2].rotatedRight(19) ^ (w[i - 2] >> 10)
            w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
        }
        var (a, b, c, d, e, f, g, h) = (
            self.state[0], self.state[1], self.state[2], self.state[3],
            self.state[4], self.state[5], self.state[6], self.state[7]
        )
        for i in 0..<64 {
            let s1 = e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)
            let choose = (e & f) ^ (~e & g)
            let t1 = h &+ s1 &+ choose &+ Self.k[i] &+ w[i]
            let s0 = a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)
            let majority = (a & b) ^ (a & c) ^ (b & c)
            let t2 = s0 &+ majority
            (h, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
        }
        self.state[0] &+= a
        self.state[1] &+= b
        self.state[2] &+= c
        self.state[3] &+= d
        self.state[4] &+= e
        self.state[5] &+= f
        self.state[6] &+= g
        self.state[7] &+= h
    }

    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]
}

extension UInt32 {
    fileprivate func rotatedRight(_ count: UInt32) -> UInt32 {
        (self >> count) | (self << (32 - count))
    }
}
