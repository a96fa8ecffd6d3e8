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

    /// The largest wall time a timestamp can carry and still be stored as SQLite's signed 64-bit integer.
    public static let maximumMillis = UInt64(Int64.max)

    public static func < (lhs: HLCTimestamp, rhs: HLCTimestamp) -> Bool {
        (lhs.millis, lhs.counter) < (rhs.millis, rhs.counter)
    }

    public var description: String { "\(self.millis).\(self.counter)" }
}

/// Issues HLC timestamps; the caller passes the wall time in, so tests can skew it freely.
///
/// Whatever a peer sends, the clock never traps and never moves backwards: arithmetic saturates at
/// `HLCTimestamp.maximumMillis`, and a remote reading beyond the caller's ceiling is taken only up to it.
public struct HybridLogicalClock: Sendable {
    public private(set) var last: HLCTimestamp

    public init(last: HLCTimestamp = .zero) {
        self.last = last
    }

    /// A timestamp for a local event, greater than every timestamp issued or observed before (equal only
    /// once the clock is saturated at `HLCTimestamp.maximumMillis`).
    public mutating func tick(now millis: UInt64) -> HLCTimestamp {
        let wall = min(millis, HLCTimestamp.maximumMillis)
        if wall > self.last.millis {
            self.last = HLCTimestamp(millis: wall)
        } else if self.last.counter < UInt32.max {
            self.last = HLCTimestamp(millis: self.last.millis, counter: self.last.counter + 1)
        } else if self.last.millis < HLCTimestamp.maximumMillis {
            // The counter is spent: borrow the next millisecond rather than wrap.
            self.last = HLCTimestamp(millis: self.last.millis + 1)
        }
        return self.last
    }

    /// Takes a timestamp seen on a received operation into account, so later local ticks sort after it,
    /// but never past `ceiling` milliseconds: a peer whose clock runs years ahead cannot drag this one along.
    /// - Returns: whether the remote reading was beyond the ceiling.
    @discardableResult
    public mutating func observe(_ remote: HLCTimestamp, ceiling: UInt64 = HLCTimestamp.maximumMillis) -> Bool {
        let bounded = min(ceiling, HLCTimestamp.maximumMillis)
        let beyond = remote.millis > bounded
        let taken = beyond ? HLCTimestamp(millis: bounded) : remote
        if taken > self.last {
            self.last = taken
        }
        return beyond
    }

    /// The ceiling for `observe`: `now` plus the allowed lead, saturating instead of overflowing.
    public static func ceiling(now: UInt64, maximumAheadMillis: UInt64) -> UInt64 {
        let (sum, overflow) = now.addingReportingOverflow(maximumAheadMillis)
        return overflow ? HLCTimestamp.maximumMillis : min(sum, HLCTimestamp.maximumMillis)
    }
}
