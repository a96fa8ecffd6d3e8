import DocketCore
import Foundation

/// Reading and writing times as people type them, in the machine's local time zone.
enum TimeText {
    private static func formatter(_ format: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone.current
        formatter.dateFormat = format
        return formatter
    }

    /// `2026-11-23 18:30` in local time.
    static func display(_ millis: Int64) -> String {
        Self.formatter("yyyy-MM-dd HH:mm").string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }

    static func display(_ timestamp: HLCTimestamp) -> String {
        Self.display(Int64(timestamp.millis))
    }

    /// `2026-11-23T10:30:00Z`: the one form times take in `--json` output, as `JSONOutput` encodes dates.
    static func iso8601(_ millis: Int64) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }

    static func iso8601(_ timestamp: HLCTimestamp) -> String {
        Self.iso8601(Int64(timestamp.millis))
    }

    /// Parses `now`, `+30m`/`+24h`/`+3d`, `2026-11-25`, `2026-11-25 18:00`, or ISO 8601 with a zone.
    /// - Throws: `InputError` naming `field`.
    static func parse(_ text: String, field: String, now: Int64) throws -> Int64 {
        let trimmed = text.trimmingWhitespace()
        if trimmed == "now" { return now }
        if trimmed.hasPrefix("+"), let seconds = Duration.seconds(parsing: String(trimmed.dropFirst())) {
            let (millis, overflow) = seconds.multipliedReportingOverflow(by: 1000)
            let (sum, later) = now.addingReportingOverflow(millis)
            guard !overflow, !later else { throw InputError(field: field, "'\(text)' is too far ahead") }
            return sum
        }
        for format in ["yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd"] {
            if let date = Self.formatter(format).date(from: trimmed) {
                return try Self.millis(of: date, text: text, field: field)
            }
        }
        if let date = ISO8601DateFormatter().date(from: trimmed) {
            return try Self.millis(of: date, text: text, field: field)
        }
        throw InputError(
            field: field,
            "'\(text)' is not a time (use 2026-11-25, '2026-11-25 18:00', +30m, +24h, +3d or now)"
        )
    }

    /// A parsed date in epoch milliseconds; a year so far off it has none is refused, not a crash.
    private static func millis(of date: Date, text: String, field: String) throws -> Int64 {
        guard let millis = Int64(exactly: (date.timeIntervalSince1970 * 1000).rounded(.towardZero)) else {
            throw InputError(field: field, "'\(text)' is out of range")
        }
        return millis
    }
}
