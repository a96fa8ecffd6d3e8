import DocketCodec
import DocketCore
import DocketTestSupport
import Testing

/// Bodies are hashed by libcrypto (`ChainHash(body:)`) and everything else by the core's SHA-256: the two
/// must agree on every input, or a chain would read as broken.
@Suite struct ChainHashBodyTests {
    @Test func libcryptoAndTheCoreGiveTheSameDigest() {
        var rng = SplitMix64(seed: 12)
        // Every length around the 64-byte block and its 55/56-byte padding edge, then longer bodies.
        let lengths = Array(0...200) + (0..<200).map { _ in Int.random(in: 201...20_000, using: &rng) }
        for length in lengths {
            let body = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            #expect(ChainHash(body: body) == ChainHash(hashing: body), "\(length) bytes")
        }
    }

    @Test func theDigestIsSHA256() {
        #expect(ChainHash(body: Array("abc".utf8)).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ChainHash(body: []).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
