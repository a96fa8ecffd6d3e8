import DocketCore
import Foundation

extension Coding {
    /// A vector clock as `{"node":seq,...}` with the keys in UTF-8 byte order: byte for byte what the
    /// generic `encode` writes (JSONEncoder with sorted keys orders keys that way, and node ids are plain
    /// ASCII that never needs escaping), without its cost. Every record save writes several clocks, and a
    /// catch-up writes millions.
    static func encode(_ clock: VectorClock) throws -> String {
        let entries = clock.sortedEntries.map { ($0.node.rawValue, $0.seq) }
            .sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        var text = "{"
        for (index, (node, seq)) in entries.enumerated() {
            if index > 0 { text += "," }
            text += "\"\(node)\":\(seq)"
        }
        return text + "}"
    }

    /// Reads what `encode(_: VectorClock)` writes directly; anything else (whitespace, escapes, numbers
    /// out of range, repeated keys) goes through JSONDecoder exactly as before.
    static func decode(_ type: VectorClock.Type, from text: String) throws -> VectorClock {
        if let clock = Self.parseCompactClock(text) { return clock }
        return try Self.decode(VectorClock.self, fromJSON: text)
    }

    private static func decode<Value: Decodable>(_ type: Value.Type, fromJSON text: String) throws -> Value {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    private static func parseCompactClock(_ text: String) -> VectorClock? {
        let bytes = Array(text.utf8)
        var index = 0
        func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        guard take(UInt8(ascii: "{")) else { return nil }
        var counters: [NodeID: UInt64] = [:]
        if take(UInt8(ascii: "}")) { return index == bytes.count ? VectorClock(counters) : nil }
        while true {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let keyStart = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
                index += 1
            }
            let key = String(decoding: bytes[keyStart..<index], as: UTF8.self)
            guard take(UInt8(ascii: "\"")), take(UInt8(ascii: ":")) else { return nil }
            let digitsStart = index
            // JSON allows no leading zeros; leave such text to JSONDecoder, which refuses it.
            if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "0"),
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index + 1])
            {
                return nil
            }
            var seq: UInt64 = 0
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                let (times, overflowA) = seq.multipliedReportingOverflow(by: 10)
                let (sum, overflowB) = times.addingReportingOverflow(UInt64(bytes[index] - UInt8(ascii: "0")))
                guard !overflowA, !overflowB else { return nil }
                seq = sum
                index += 1
            }
            guard index > digitsStart, let node = try? NodeID(key), counters[node] == nil else { return nil }
            counters[node] = seq
            if take(UInt8(ascii: "}")) { return index == bytes.count ? VectorClock(counters) : nil }
            guard take(UInt8(ascii: ",")) else { return nil }
        }
    }
}
