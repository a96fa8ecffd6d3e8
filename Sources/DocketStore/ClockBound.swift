import DocketCore
import Foundation

/// When operations from elsewhere are received, and how far ahead of that wall time their timestamps may
/// pull this replica's hybrid logical clock.
///
/// A timestamp further ahead is still applied (refusing it would stall its origin for good) but moves the
/// clock only up to the bound, and the lead is recorded against its origin for `status` and `doctor`.
public struct ClockBound: Sendable, Hashable {
    /// The local wall time at receipt, in epoch milliseconds.
    public var now: Int64
    /// How far ahead of `now` a received timestamp may move the clock, in milliseconds.
    public var maximumLeadMillis: Int64

    /// Five minutes: far beyond honest NTP drift, far below a mis-set year.
    public static let defaultMaximumLeadMillis: Int64 = 5 * 60_000

    public init(now: Int64, maximumLeadMillis: Int64 = Self.defaultMaximumLeadMillis) {
        self.now = now
        self.maximumLeadMillis = maximumLeadMillis
    }

    /// The bound at this moment by the system clock.
    public static func current(maximumLeadMillis: Int64 = Self.defaultMaximumLeadMillis) -> ClockBound {
        ClockBound(now: Int64((Date().timeIntervalSince1970 * 1000).rounded()), maximumLeadMillis: maximumLeadMillis)
    }

    /// The highest wall time the clock may take from a received timestamp.
    var ceiling: UInt64 {
        HybridLogicalClock.ceiling(now: UInt64(max(0, self.now)), maximumAheadMillis: UInt64(max(0, self.maximumLeadMillis)))
    }

    /// How far `timestamp` is ahead of `now`; both are within 0...Int64.max, so the difference cannot overflow.
    func lead(of timestamp: HLCTimestamp) -> Int64 {
        Int64(clamping: timestamp.millis) - max(0, self.now)
    }
}

/// The furthest ahead of this replica's wall clock an origin's timestamps have been on arrival.
public struct ClockLead: Sendable, Hashable, Codable {
    /// The origin whose operations carried the timestamp.
    public var origin: NodeID
    /// How far ahead of the local wall clock, in milliseconds.
    public var leadMillis: Int64
    /// The timestamp's wall time, in epoch milliseconds.
    public var timestampMillis: Int64
    /// When it was received, by the local wall clock.
    public var seenAt: Int64

    public init(origin: NodeID, leadMillis: Int64, timestampMillis: Int64, seenAt: Int64) {
        self.origin = origin
        self.leadMillis = leadMillis
        self.timestampMillis = timestampMillis
        self.seenAt = seenAt
    }
}
