public import FoundationEssentials
import MIME

/// A calendar day as accounting records it (no time, no time zone): FEC `YYYYMMDD` dates and
/// Pennylane's `YYYY-MM-DD` invoice dates compare as the same value.
public struct LedgerDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year (four digits in practice).
    public let year: Int
    /// The month, 1–12.
    public let month: Int
    /// The day of the month, 1–31.
    public let day: Int

    /// A date, or nil when the day does not exist (2026-02-29, month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CivilCalendar.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses the FEC form `YYYYMMDD` (exactly eight ASCII digits).
    public init?(fec text: some StringProtocol) {
        let digits = Array(text.utf8)
        guard digits.count == 8, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        let number = { (range: Range<Int>) in digits[range].reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        self.init(year: number(0..<4), month: number(4..<6), day: number(6..<8))
    }

    /// Parses ISO 8601 `YYYY-MM-DD`; a trailing time (`T…`) is ignored, as Pennylane sends plain dates.
    public init?(iso text: some StringProtocol) {
        let digits = Array(text.utf8.prefix(10))
        guard digits.count == 10, digits[4] == 0x2D, digits[7] == 0x2D,
              text.utf8.count == 10 || Array(text.utf8)[10] == 0x54 else { return nil }
        self.init(fec: String(decoding: digits[0..<4] + digits[5..<7] + digits[8..<10], as: UTF8.self))
    }

    /// Days since 1970-01-01 (for ± N-day windows).
    public var daysSinceEpoch: Int { CivilCalendar.daysSinceEpoch(year: year, month: month, day: day) }

    /// Midnight UTC of this day.
    public var date: Date { Date(timeIntervalSince1970: Double(daysSinceEpoch) * 86_400) }

    /// `YYYY-MM-DD`.
    public var description: String {
        "\(CivilCalendar.padded(year, 4))-\(CivilCalendar.padded(month, 2))-\(CivilCalendar.padded(day, 2))"
    }

    /// Earlier days first.
    public static func < (lhs: LedgerDate, rhs: LedgerDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}
