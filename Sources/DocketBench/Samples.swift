/// Timings of repeated runs, summarised by rank rather than mean so one slow outlier (the machine is
/// shared) does not move the figure.
struct Samples {
    private(set) var values: [Double] = []

    mutating func add(_ value: Double) {
        self.values.append(value)
    }

    /// The value at `fraction` of the sorted samples (nearest rank): 0.5 is the median, 0.99 the p99.
    func percentile(_ fraction: Double) -> Double {
        guard !self.values.isEmpty else { return .nan }
        let sorted = self.values.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    var median: Double { self.percentile(0.5) }
    var minimum: Double { self.values.min() ?? .nan }
    var maximum: Double { self.values.max() ?? .nan }
}
