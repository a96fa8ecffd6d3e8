extension TimeText {
    /// A length of time in its largest whole unit people read at a glance: `74 years`, `3 days`, `90 seconds`.
    static func span(seconds: Double) -> String {
        let units: [(name: String, seconds: Double)] = [
            ("year", 365.25 * 86_400), ("day", 86_400), ("hour", 3_600), ("minute", 60),
        ]
        let magnitude = abs(seconds)
        for unit in units where magnitude >= 2 * unit.seconds {
            return "\(Self.whole(magnitude / unit.seconds)) \(unit.name)s"
        }
        let whole = Self.whole(magnitude)
        return "\(whole) second\(whole == "1" ? "" : "s")"
    }

    /// The whole part, written without trapping however large (a lead can be millions of years).
    private static func whole(_ value: Double) -> String {
        Int64(exactly: value.rounded(.down)).map(String.init) ?? String(format: "%.0f", value.rounded(.down))
    }
}
