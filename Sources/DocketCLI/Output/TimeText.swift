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
        Self.display(Int64(clamping: timestamp.millis))
    }

    /// `2026-11-23T10:30:00Z`: the one form times take in `--json` output, as `JSONForm` encodes dates.
    static func iso8601(_ millis: Int64) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }

    static func iso8601(_ timestamp: HLCTimestamp) -> String {
        Self.iso8601(Int64(clamping: timestamp.millis))
    }

    /// The earliest time anyone types: 2000-01-01 00:00 UTC, in epoch milliseconds.
    static let earliest: Int64 = 946_684_800_000
    /// The first time past the latest anyone types: 2100-01-01 00:00 UTC.
    static let latest: Int64 = 4_102_444_800_000

    /// Parses `now`, `+30m`/`+24h`/`+3d` (and `-2h` for the past), `2026-11-25`, `2026-11-25 18:00`, or
    /// ISO 8601 with a zone, and requires a time between 2000 and 2099: anything outside is a typo.
    /// - Throws: `InputError` naming `field`.
    static func parse(_ text: String, field: String, now: Int64) throws -> Int64 {
        let trimmed = text.trimmingWhitespace()
        let millis: Int64
        if trimmed == "now" {
            millis = now
        } else if let sign = trimmed.first, sign == "+" || sign == "-" {
            // Durations are bounded to 100 years, so neither product nor sum can overflow.
            let seconds = try Duration.seconds(parsing: String(trimmed.dropFirst()), field: field, typed: text)
            millis = sign == "+" ? now + seconds * 1000 : now - seconds * 1000
        } else if let date = Self.date(trimmed), abs(date.timeIntervalSince1970) < 1e12 {
            millis = Int64(date.timeIntervalSince1970 * 1000)
        } else if trimmed.prefix(while: \.isNumber).count > 4, trimmed.drop(while: \.isNumber).hasPrefix("-") {
            // DateFormatter reads four-digit years only: a longer one is a date, just far out of range.
            throw InputError(field: field, "'\(text)' is not between the years 2000 and 2099")
        } else {
            throw InputError(
                field: field,
                "'\(text)' is not a time (use 2026-11-25, '2026-11-25 18:00', +30m, +24h, +3d or now)"
            )
        }
        guard (Self.earliest..<Self.latest).contains(millis) else {
            throw InputError(field: field, "'\(text)' is not between the years 2000 and 2099")
        }
        return millis
    }

    /// Parses a time that must not lie in the past, such as a promise's due time.
    /// - Parameter why: the reason, said when the time is past (e.g. "a promise cannot be due before it is made").
    static func parseFuture(_ text: String, field: String, now: Int64, why: String) throws -> Int64 {
        let millis = try Self.parse(text, field: field, now: now)
        guard millis >= now else {
            throw InputError(field: field, "'\(text)' (\(Self.display(millis))) is in the past; \(why)")
        }
        return millis
    }

    private static func date(_ text: String) -> Date? {
        for format in ["yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd"] {
            if let date = Self.formatter(format).date(from: text) { return date }
        }
        return ISO8601DateFormatter().date(from: text)
    }
}
