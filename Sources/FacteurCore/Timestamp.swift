public import FoundationEssentials
import MIME

/// Timestamps as stored and printed: UTC, ISO 8601 with milliseconds, fixed width
/// (`2026-11-25T13:02:01.123Z`), so text order is time order in SQLite and in `facteur audit`.
public enum Timestamp {
    /// Formats a date.
    public static func format(_ date: Date) -> String {
        let millis = Int((date.timeIntervalSince1970 * 1000).rounded(.down))
        let days = CivilCalendar.floorDivide(millis, 86_400_000)
        let rest = millis - days * 86_400_000
        let (year, month, day) = CivilCalendar.civilDate(daysSinceEpoch: days)
        let pad = CivilCalendar.padded
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(rest / 3_600_000, 2)):\(pad(rest / 60_000 % 60, 2))"
            + ":\(pad(rest / 1000 % 60, 2)).\(pad(rest % 1000, 3))Z"
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.mmm]]` optionally ending in `Z` (always UTC).
    /// - Returns: The date, or nil when the text is not one of these forms or not a real date.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= bytes.count, !range.isEmpty else { return nil }
            var value: Int64 = 0
            for byte in bytes[range] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            return value
        }
        var end = bytes.count
        if end > 0, bytes[end - 1] == UInt8(ascii: "Z") { end -= 1 }
        guard end >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              (1...12).contains(month), day >= 1, day <= Int64(CivilCalendar.daysIn(month: Int(month), year: Int(year))) else { return nil }
        var hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0, milli: Int64 = 0
        if end > 10 {
            guard end >= 16, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "), bytes[13] == UInt8(ascii: ":"),
                  let h = number(11..<13), let m = number(14..<16), h < 24, m < 60 else { return nil }
            hour = h; minute = m
            if end > 16 {
                guard end >= 19, bytes[16] == UInt8(ascii: ":"), let s = number(17..<19), s < 60 else { return nil }
                second = s
                if end > 19 {
                    guard end == 23, bytes[19] == UInt8(ascii: "."), let ms = number(20..<23) else { return nil }
                    milli = ms
                }
            }
        }
        let days = Int64(CivilCalendar.daysSinceEpoch(year: Int(year), month: Int(month), day: Int(day)))
        let total = ((days * 24 + hour) * 60 + minute) * 60 + second
        return Date(timeIntervalSince1970: Double(total) + Double(milli) / 1000)
    }
}
