/// Durations as the config file and relative times (`+30m`) write them: a whole number and one unit.
enum Duration {
    /// Seconds in `90s`, `30m`, `24h` or `3d`; nil when the text is not such a duration.
    static func seconds(parsing text: String) -> Int64? {
        guard let unit = text.last, let number = Int64(text.dropLast()), number >= 0 else { return nil }
        switch unit {
        case "s": return number
        case "m": return number * 60
        case "h": return number * 3600
        case "d": return number * 86400
        default: return nil
        }
    }

    /// The shortest exact rendering: `30m`, `24h`, `90s`.
    static func describe(seconds: Int64) -> String {
        if seconds % 86400 == 0 && seconds >= 86400 * 2 { return "\(seconds / 86400)d" }
        if seconds % 3600 == 0 && seconds > 0 { return "\(seconds / 3600)h" }
        if seconds % 60 == 0 && seconds > 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }
}
