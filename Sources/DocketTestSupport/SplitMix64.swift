/// A small seeded generator, so every random workload can be replayed from the seed a failure prints.
///
/// Its own helpers are used instead of the standard library's `random(in:using:)`, whose algorithm is not
/// promised to stay the same across toolchains.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) {
        self.state = seed
    }

    public mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`.
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(self.next() % UInt64(bound))
    }

    /// A number in `range`.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + self.below(range.count)
    }

    /// True with probability `percent` / 100.
    public mutating func chance(_ percent: Int) -> Bool {
        self.below(100) < percent
    }

    public mutating func pick<T>(_ items: [T]) -> T {
        items[self.below(items.count)]
    }

    public mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for index in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(index, self.below(index + 1))
        }
    }

    public mutating func shuffled<T>(_ items: [T]) -> [T] {
        var copy = items
        self.shuffle(&copy)
        return copy
    }
}
