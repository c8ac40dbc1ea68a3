import Foundation

/// A UTC instant in whole milliseconds, the precision of Qonto's timestamps.
///
/// Integer milliseconds keep ordering and equality exact (two invoices can share an `updated_at`
/// to the millisecond, which the cursor-boundary tests rely on) and make formatting independent of
/// `DateFormatter`, its locale and its thread-safety.
struct Instant: Hashable, Comparable, Sendable {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    var milliseconds: Int64

    init(milliseconds: Int64) { self.milliseconds = milliseconds }

    init(_ date: Date) {
        milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    var date: Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

    static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.milliseconds < rhs.milliseconds }

    /// This instant moved by a number of seconds (may be negative).
    func adding(seconds: Int64) -> Instant { Instant(milliseconds: milliseconds + seconds * 1000) }

    /// This instant moved by a number of milliseconds (may be negative).
    func adding(milliseconds delta: Int64) -> Instant { Instant(milliseconds: milliseconds + delta) }

    /// `2026-04-12T08:01:09.530Z`: Qonto's timestamp form (UTC, milliseconds).
    var iso8601: String {
        let parts = civil
        let millis = Int(((milliseconds % 1000) + 1000) % 1000)
        return "\(parts.date)T\(pad(parts.hour)):\(pad(parts.minute)):\(pad(parts.second)).\(pad(millis, width: 3))Z"
    }

    /// `2026-04-12`: the calendar day in UTC.
    var day: String { civil.date }

    /// `20260412T080109Z`: the form of S3's `X-Amz-Date`.
    var amzDate: String {
        let parts = civil
        return parts.date.replacingOccurrences(of: "-", with: "")
            + "T\(pad(parts.hour))\(pad(parts.minute))\(pad(parts.second))Z"
    }

    private var civil: (date: String, hour: Int, minute: Int, second: Int) {
        let seconds = Int(milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = Instant.civilFromDays(days)
        return ("\(pad(year, width: 4))-\(pad(month))-\(pad(day))",
                secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60)
    }

    // MARK: Parsing

    /// Parses the ISO-8601 forms clients send in filters.
    ///
    /// Accepted: `YYYY-MM-DD` (midnight UTC), `YYYY-MM-DDTHH:MM:SS` with optional fractional
    /// seconds, followed by `Z`, `+HH:MM`, `-HH:MM` or nothing (UTC). Anything else is `nil`, which
    /// the routes turn into a 422, as Qonto does for a malformed value of a known parameter.
    static func parse(_ text: String) -> Instant? {
        let chars = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= chars.count else { return nil }
            var value = 0
            for index in range {
                guard chars[index] >= 48, chars[index] <= 57 else { return nil }
                value = value * 10 + Int(chars[index] - 48)
            }
            return value
        }
        func isChar(_ index: Int, _ ascii: Unicode.Scalar) -> Bool {
            index < chars.count && chars[index] == UInt8(ascii: ascii)
        }
        guard let year = number(0..<4), isChar(4, "-"), let month = number(5..<7), isChar(7, "-"),
              let day = number(8..<10), (1...12).contains(month), (1...31).contains(day) else { return nil }
        let days = Int64(daysFromCivil(year: year, month: month, day: day))
        if chars.count == 10 { return Instant(milliseconds: days * 86_400_000) }
        guard isChar(10, "T") || isChar(10, "t") || isChar(10, " "),
              let hour = number(11..<13), isChar(13, ":"), let minute = number(14..<16), isChar(16, ":"),
              let second = number(17..<19), hour < 24, minute < 60, second < 61 else { return nil }
        var index = 19
        var millis = 0
        if isChar(index, ".") {
            index += 1
            var digits = 0
            while index < chars.count, chars[index] >= 48, chars[index] <= 57 {
                if digits < 3 { millis = millis * 10 + Int(chars[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            if digits < 3 { for _ in digits..<3 { millis *= 10 } }
        }
        var offsetSeconds = 0
        if index == chars.count || isChar(index, "Z") || isChar(index, "z") {
            if index < chars.count { index += 1 }
        } else if isChar(index, "+") || isChar(index, "-") {
            let sign = isChar(index, "-") ? -1 : 1
            guard let offsetHour = number(index + 1..<index + 3), isChar(index + 3, ":"),
                  let offsetMinute = number(index + 4..<index + 6) else { return nil }
            offsetSeconds = sign * (offsetHour * 3600 + offsetMinute * 60)
            index += 6
        }
        guard index == chars.count else { return nil }
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        return Instant(milliseconds: seconds * 1000 + Int64(millis))
    }

    // Howard Hinnant's civil-calendar algorithms (proleptic Gregorian, days since 1970-01-01).
    private static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private func pad(_ value: Int, width: Int = 2) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
