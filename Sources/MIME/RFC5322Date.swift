#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// RFC 5322 `date-time` values for the `Date` header field.
///
/// Computed with integer arithmetic on the proleptic Gregorian calendar: no
/// `DateFormatter`, no locale, no time zone database, no reading of the current time.
public enum RFC5322Date {
    /// Abbreviated day names, starting with Sunday.
    static let dayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    /// Abbreviated month names, starting with January.
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The earliest instant formatted, 0000-01-01T00:00:00Z; earlier dates are clamped to it.
    static let earliest: Double = -62_167_219_200
    /// The latest instant formatted, 9999-12-31T23:59:59Z; later dates are clamped to it.
    static let latest: Double = 253_402_300_799

    /// The largest zone offset RFC 5322 can write, `+9959`, in minutes.
    static let maximumOffsetMinutes = 99 * 60 + 59

    /// Formats a date such as `Wed, 25 Nov 2026 13:02:01 +0000`.
    ///
    /// Fractions of a second are dropped (rounding towards the past). The offset is
    /// truncated to whole minutes and clamped to ±99:59; the local time shown is the UTC
    /// time plus that offset, so the value always denotes the given instant (to the second).
    /// The day of the month is always two digits and the year four. Instants outside the
    /// years 0000–9999 (and non-finite ones) are clamped to that range.
    /// - Parameters:
    ///   - date: The instant to format.
    ///   - utcOffsetSeconds: The zone offset in seconds east of UTC, such as 3600 for `+0100`.
    /// - Returns: The RFC 5322 `date-time`, without comments.
    public static func format(_ date: Date, utcOffsetSeconds: Int = 0) -> String {
        let offsetMinutes = max(-maximumOffsetMinutes, min(maximumOffsetMinutes, utcOffsetSeconds / 60))
        let utcSeconds = Int(max(earliest, min(latest, date.timeIntervalSince1970)).rounded(.down))
        let local = utcSeconds + offsetMinutes * 60
        let days = CivilCalendar.floorDivide(local, 86_400)
        let secondOfDay = local - days * 86_400
        let (year, month, day) = CivilCalendar.civilDate(daysSinceEpoch: days)
        let padded = CivilCalendar.padded
        let weekday = ((days % 7) + 7 + 4) % 7  // 1970-01-01 was a Thursday
        let sign = offsetMinutes < 0 ? "-" : "+"
        let offset = abs(offsetMinutes)
        return dayNames[weekday] + ", " + padded(day, 2) + " " + monthNames[month - 1] + " "
            + padded(year, 4) + " " + padded(secondOfDay / 3600, 2) + ":"
            + padded(secondOfDay / 60 % 60, 2) + ":" + padded(secondOfDay % 60, 2) + " "
            + sign + padded(offset / 60, 2) + padded(offset % 60, 2)
    }
}
