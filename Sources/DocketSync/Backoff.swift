/// Capped exponential backoff with full jitter, for re-dialling a lost peer.
///
/// Full jitter (a uniform pick between zero and the current ceiling) spreads the retries of many offices
/// that lost headquarters at the same moment, so they do not all come back at once.
public struct Backoff: Sendable {
    public let initial: Double
    public let maximum: Double
    public private(set) var attempt = 0

    public init(initialSeconds: Double, maximumSeconds: Double) {
        self.initial = initialSeconds
        self.maximum = maximumSeconds
    }

    /// The ceiling for the next wait: initial × 2^attempt, capped.
    public var ceiling: Double {
        min(self.maximum, self.initial * Double(1 << min(self.attempt, 30)))
    }

    /// The next wait in seconds, between a tenth of the ceiling and the ceiling.
    public mutating func next<Random: RandomNumberGenerator>(using random: inout Random) -> Double {
        let ceiling = self.ceiling
        self.attempt += 1
        return Double.random(in: (ceiling / 10)...ceiling, using: &random)
    }

    public mutating func next() -> Double {
        var random = SystemRandomNumberGenerator()
        return self.next(using: &random)
    }

    /// Starts over after a connection that worked.
    public mutating func reset() {
        self.attempt = 0
    }
}
