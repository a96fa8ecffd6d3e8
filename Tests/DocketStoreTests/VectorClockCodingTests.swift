import DocketCore
import Foundation
import Testing

@testable import DocketStore

/// The hand-written clock coding must write exactly the bytes JSONEncoder writes, and read what it reads.
@Suite struct VectorClockCodingTests {
    /// Node ids whose orders differ between byte order and a "numeric" order, to catch the wrong sort.
    static let nodes = ["a", "a-1", "a-10", "a-9", "b2", "b10", "node-10", "node-9", "z", "zz-0"]

    /// Through a generic context, so the JSONEncoder path is the one called.
    static func viaJSONEncoder<Value: Encodable>(_ value: Value) throws -> String {
        try Coding.encode(value)
    }

    static func viaJSONDecoder<Value: Decodable>(_ type: Value.Type, _ text: String) throws -> Value {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    @Test func encodingMatchesJSONEncoderByteForByte() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            var counters: [NodeID: UInt64] = [:]
            for node in Self.nodes where Bool.random(using: &generator) {
                counters[try NodeID(node)] = [1, 9, 10, 12_345, UInt64.max].randomElement(using: &generator)!
            }
            let clock = VectorClock(counters)
            let fast = try Coding.encode(clock)
            #expect(fast == (try Self.viaJSONEncoder(clock)))
            #expect(try Coding.decode(VectorClock.self, from: fast) == clock)
            #expect(try Self.viaJSONDecoder(VectorClock.self, fast) == clock)
        }
        #expect(try Coding.encode(VectorClock()) == "{}")
    }

    @Test func decodingAcceptsAndRefusesWhatJSONDecoderDoes() throws {
        let accepted = ["{}", " { \"a\" : 1 , \"b\":2 } ", "{\"a\":0}", "{\"a\":18446744073709551615}"]
        for text in accepted {
            #expect(try Coding.decode(VectorClock.self, from: text) == (try Self.viaJSONDecoder(VectorClock.self, text)))
        }
        let refused = ["", "{", "{\"a\":01}", "{\"a\":-1}", "{\"a\":18446744073709551616}", "{\"A\":1}", "[]", "{\"a\":1}x"]
        for text in refused {
            #expect(throws: (any Error).self) { try Coding.decode(VectorClock.self, from: text) }
            #expect(throws: (any Error).self) { try Self.viaJSONDecoder(VectorClock.self, text) }
        }
    }
}
