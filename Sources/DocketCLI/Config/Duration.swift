import DocketCore

/// Durations as the config file and relative times (`+30m`) write them: a whole number and one unit.
enum Duration {
    /// The longest duration anyone types: 100 years. Longer is a typo, and bounding it keeps every later
    /// sum and conversion to milliseconds far from overflow.
    static let maximumSeconds: Int64 = 100 * 366 * 86400

    /// Seconds in `90s`, `30m`, `24h` or `3d`; nil when the text is not such a duration or is too long.
    static func seconds(parsing text: String) -> Int64? {
        try? Self.seconds(parsing: text, field: "")
    }

    /// Seconds in `90s`, `30m`, `24h` or `3d`.
    /// - Parameter typed: the text as the person typed it (with its sign), for error messages.
    /// - Throws: `InputError` on `field` when the text is not such a duration or is longer than 100 years.
    static func seconds(parsing text: String, field: String, typed: String? = nil) throws -> Int64 {
        let shown = typed ?? text
        let digits = text.dropLast()
        guard let unit = text.last, !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw InputError(field: field, "'\(shown)' is not a duration such as 90s, 30m, 24h or 3d")
        }
        let scale: Int64
        switch unit {
        case "s": scale = 1
        case "m": scale = 60
        case "h": scale = 3600
        case "d": scale = 86400
        default: throw InputError(field: field, "'\(shown)' is not a duration such as 90s, 30m, 24h or 3d")
        }
        // Too many digits for Int64 is as much a typo as a long duration.
        guard let number = Int64(digits), case let (seconds, false) = number.multipliedReportingOverflow(by: scale),
            seconds <= Self.maximumSeconds
        else { throw InputError(field: field, "'\(shown)' is longer than 100 years") }
        return seconds
    }

    /// The shortest exact rendering: `30m`, `24h`, `90s`.
    static func describe(seconds: Int64) -> String {
        if seconds % 86400 == 0 && seconds >= 86400 * 2 { return "\(seconds / 86400)d" }
        if seconds % 3600 == 0 && seconds > 0 { return "\(seconds / 3600)h" }
        if seconds % 60 == 0 && seconds > 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }
}
