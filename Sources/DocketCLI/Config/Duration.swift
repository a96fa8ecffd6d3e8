/// Durations as the config file and relative times (`+30m`) write them: a whole number and one unit.
enum Duration {
    /// Seconds in `90s`, `30m`, `24h` or `3d`; nil when the text is not such a duration.
    static func seconds(parsing text: String) -> Int64? {
        guard let unit = text.last, let number = Int64(text.dropLast()), number >= 0 else { return nil }
        let scale: Int64
        switch unit {
        case "s": scale = 1
        case "m": scale = 60
        case "h": scale = 3600
        case "d": scale = 86400
        default: return nil
        }
        // A number too large to count in seconds is not a duration, not a crash.
        let (seconds, overflow) = number.multipliedReportingOverflow(by: scale)
        return overflow ? nil : seconds
    }

    /// The shortest exact rendering: `30m`, `24h`, `90s`.
    static func describe(seconds: Int64) -> String {
        if seconds % 86400 == 0 && seconds >= 86400 * 2 { return "\(seconds / 86400)d" }
        if seconds % 3600 == 0 && seconds > 0 { return "\(seconds / 3600)h" }
        if seconds % 60 == 0 && seconds > 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }
}
