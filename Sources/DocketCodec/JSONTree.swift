import DocketCore

/// JSON of the kind `ChangeCoding.encode` writes, read into a tree: no whitespace, integers only, each key
/// once, valid UTF-8 (keys in any order, any character escaped or not). Parsing gives up (nil) on anything
/// else, and the caller then reads the bytes with Foundation's decoder instead. Where it does not give
/// up, what it reads must be what Foundation would read: the tests compare the two.
///
/// Foundation's decoder was about a fifth of a receiving daemon's CPU in a catch-up
/// (`docs/benchmarks.md`, "Throughput, ninth round"): its generality costs on every value of every
/// operation. The recursion goes through arrays, so scalars are held inline, not boxed.
enum JSONTree {
    case null
    case bool(Bool)
    case integer(Int64)
    case string(String)
    case array([JSONTree])
    /// Members in the order written; keys are unique.
    case object([(key: String, value: JSONTree)])

    /// Deeper input is left to Foundation, whose own limit then applies.
    static let maximumDepth = 64
    /// An object with more members is left to Foundation: keys are checked for repeats pairwise.
    static let maximumMembers = 64

    /// The tree of `bytes`, or nil when they are not in the canonical form read here.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONTree? {
        var parser = Parser(bytes: bytes)
        guard let tree = parser.value(depth: 0), parser.offset == bytes.count else { return nil }
        return tree
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var offset = 0

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        private var next: UInt8? { self.offset < self.bytes.count ? self.bytes[self.offset] : nil }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard self.next == byte else { return false }
            self.offset += 1
            return true
        }

        private mutating func take(literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard self.bytes.count - self.offset >= count else { return false }
            for index in 0..<count where self.bytes[self.offset + index] != literal.utf8Start[index] { return false }
            self.offset += count
            return true
        }

        mutating func value(depth: Int) -> JSONTree? {
            guard depth <= JSONTree.maximumDepth, let byte = self.next else { return nil }
            switch byte {
            case UInt8(ascii: "{"): return self.object(depth: depth)
            case UInt8(ascii: "["): return self.array(depth: depth)
            case UInt8(ascii: "\""): return self.string().map { .string($0) }
            case UInt8(ascii: "n"): return self.take(literal: "null") ? .null : nil
            case UInt8(ascii: "t"): return self.take(literal: "true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return self.take(literal: "false") ? .bool(false) : nil
            default: return self.integer().map { .integer($0) }
            }
        }

        private mutating func object(depth: Int) -> JSONTree? {
            self.offset += 1
            var members: [(key: String, value: JSONTree)] = []
            if self.take(UInt8(ascii: "}")) { return .object(members) }
            repeat {
                guard members.count < JSONTree.maximumMembers, let key = self.string(), self.take(UInt8(ascii: ":")),
                    !members.contains(where: { $0.key == key }), let value = self.value(depth: depth + 1)
                else { return nil }
                members.append((key, value))
            } while self.take(UInt8(ascii: ","))
            return self.take(UInt8(ascii: "}")) ? .object(members) : nil
        }

        private mutating func array(depth: Int) -> JSONTree? {
            self.offset += 1
            var items: [JSONTree] = []
            if self.take(UInt8(ascii: "]")) { return .array(items) }
            repeat {
                guard let item = self.value(depth: depth + 1) else { return nil }
                items.append(item)
            } while self.take(UInt8(ascii: ","))
            return self.take(UInt8(ascii: "]")) ? .array(items) : nil
        }

        /// `-?(0|[1-9][0-9]*)` within Int64, and not `-0`; a fraction or an exponent gives up.
        private mutating func integer() -> Int64? {
            let negative = self.take(UInt8(ascii: "-"))
            let start = self.offset
            var magnitude: UInt64 = 0
            while let byte = self.next, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                let (times, overflowTimes) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, overflowSum) = times.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
                guard !overflowTimes, !overflowSum else { return nil }
                magnitude = sum
                self.offset += 1
            }
            let digits = self.offset - start
            guard digits > 0, digits == 1 || self.bytes[start] != UInt8(ascii: "0") else { return nil }
            if let byte = self.next, byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                return nil
            }
            if negative {
                guard magnitude != 0, magnitude <= UInt64(Int64.max) + 1 else { return nil }
                return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
            }
            return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
        }

        /// A string of valid UTF-8 with JSON's escapes; a control character or a lone surrogate gives up.
        mutating func string() -> String? {
            guard self.take(UInt8(ascii: "\"")) else { return nil }
            let start = self.offset
            while let byte = self.next, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
                guard byte >= 0x20 else { return nil }
                self.offset += 1
            }
            guard let stop = self.next else { return nil }
            guard var text = String(validUTF8: UnsafeBufferPointer(rebasing: self.bytes[start..<self.offset]))
            else { return nil }
            if stop == UInt8(ascii: "\"") {
                self.offset += 1
                return text
            }
            // Escapes: rarely more than a quote or a line break in a case's text.
            var scalars = String.UnicodeScalarView()
            while true {
                guard let byte = self.next else { return nil }
                self.offset += 1
                switch byte {
                case UInt8(ascii: "\""):
                    text.unicodeScalars.append(contentsOf: scalars)
                    return text
                case UInt8(ascii: "\\"):
                    guard let scalar = self.escape() else { return nil }
                    scalars.append(scalar)
                case 0..<0x20:
                    return nil
                case 0..<0x80:
                    scalars.append(Unicode.Scalar(byte))
                default:
                    // A multi-byte sequence up to the next quote or escape, validated as the plain run was.
                    let from = self.offset - 1
                    while let more = self.next, more >= 0x80 { self.offset += 1 }
                    guard let run = String(validUTF8: UnsafeBufferPointer(rebasing: self.bytes[from..<self.offset]))
                    else { return nil }
                    scalars.append(contentsOf: run.unicodeScalars)
                }
            }
        }

        private mutating func escape() -> Unicode.Scalar? {
            guard let byte = self.next else { return nil }
            self.offset += 1
            switch byte {
            case UInt8(ascii: "\""): return "\""
            case UInt8(ascii: "\\"): return "\\"
            case UInt8(ascii: "/"): return "/"
            case UInt8(ascii: "b"): return "\u{08}"
            case UInt8(ascii: "f"): return "\u{0C}"
            case UInt8(ascii: "n"): return "\n"
            case UInt8(ascii: "r"): return "\r"
            case UInt8(ascii: "t"): return "\t"
            case UInt8(ascii: "u"):
                guard let unit = self.hex4() else { return nil }
                switch unit {
                case 0xD800..<0xDC00:
                    guard self.take(UInt8(ascii: "\\")), self.take(UInt8(ascii: "u")), let low = self.hex4(),
                        (0xDC00..<0xE000).contains(low)
                    else { return nil }
                    return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                case 0xDC00..<0xE000: return nil
                default: return Unicode.Scalar(unit)
                }
            default: return nil
            }
        }

        private mutating func hex4() -> UInt32? {
            guard self.bytes.count - self.offset >= 4 else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = self.bytes[self.offset]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
                self.offset += 1
            }
            return value
        }
    }
}
