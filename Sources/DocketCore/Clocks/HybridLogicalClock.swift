/// A hybrid-logical-clock reading: wall milliseconds plus a counter that keeps readings increasing
/// when the wall clock stalls or runs behind a peer's.
///
/// Used for display and for deterministic tie-breaks only; causality is decided by vector clocks.
public struct HLCTimestamp: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let millis: UInt64
    public let counter: UInt32

    public init(millis: UInt64, counter: UInt32 = 0) {
        self.millis = millis
        self.counter = counter
    }

    public static let zero = HLCTimestamp(millis: 0)

    public static func < (lhs: HLCTimestamp, rhs: HLCTimestamp) -> Bool {
        (lhs.millis, lhs.counter) < (rhs.millis, rhs.counter)
    }

    public var description: String { "\(self.millis).\(self.counter)" }
}

/// Issues HLC timestamps; the caller passes the wall time in, so tests can skew it freely.
public struct HybridLogicalClock: Sendable {
    public private(set) var last: HLCTimestamp

    public init(last: HLCTimestamp = .zero) {
        self.last = last
    }

    /// A timestamp for a local event, greater than every timestamp issued or observed before.
    public mutating func tick(now millis: UInt64) -> HLCTimestamp {
        if millis > self.last.millis {
            self.last = HLCTimestamp(millis: millis)
        } else {
            self.last = HLCTimestamp(millis: self.last.millis, counter: self.last.counter + 1)
        }
        return self.last
    }

    /// Takes a timestamp seen on a received operation into account, so later local ticks sort after it.
    public mutating func observe(_ remote: HLCTimestamp) {
        if remote > self.last {
            self.last = remote
        }
    }
}
