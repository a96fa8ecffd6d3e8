import DocketCore
import DocketTestSupport
import Foundation
import Testing

@Suite struct SHA256Tests {
    /// FIPS 180-4 example messages.
    @Test func nistVectors() {
        #expect(SHA256.hex(of: Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            SHA256.hex(of: Array("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu".utf8))
                == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    @Test func oneMillionAs() {
        var hasher = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(chunk) }
        #expect(hasher.hexDigest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func chineseTextIsHashedAsUTF8() {
        var hasher = SHA256()
        hasher.update("客户投诉维修后空调仍漏水")
        #expect(hasher.hexDigest() == SHA256.hex(of: Array("客户投诉维修后空调仍漏水".utf8)))
    }

    /// Lengths around the 55/56/64-byte padding boundaries, fed in uneven pieces, against `sha256sum`.
    @Test func matchesSha256sumOnRandomData() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sha256sum") else { return }
        var rng = SplitMix64(seed: 2026)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("docket-sha-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let lengths = [1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 4099, 70_000]
        var files: [(URL, String)] = []
        for length in lengths {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            var hasher = SHA256()
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + rng.int(in: 1...200))
                hasher.update(bytes[start..<end])
                start = end
            }
            #expect(hasher.hexDigest() == SHA256.hex(of: bytes), "length \(length): pieces and whole differ")
            let file = directory.appendingPathComponent("\(length).bin")
            try Data(bytes).write(to: file)
            files.append((file, hasher.hexDigest()))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = files.map(\.0.path)
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let expected = output.split(separator: "\n").map { String($0.prefix(64)) }
        #expect(expected == files.map(\.1))
    }

    @Test func hexDigestDoesNotEndTheHash() {
        var hasher = SHA256()
        hasher.update("ab")
        _ = hasher.hexDigest()
        hasher.update("c")
        #expect(hasher.hexDigest() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
