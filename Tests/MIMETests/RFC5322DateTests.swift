#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import MIME
import Testing

@Suite("RFC5322Date")
struct RFC5322DateTests {
    @Test("UTC dates match known values", arguments: [
        (1_795_611_721.0, "Wed, 25 Nov 2026 13:02:01 +0000"),
        (0, "Thu, 01 Jan 1970 00:00:00 +0000"),
        (-1, "Wed, 31 Dec 1969 23:59:59 +0000"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 +0000"),
        (4_107_542_399, "Sun, 28 Feb 2100 23:59:59 +0000"),
        (68_256_000, "Wed, 01 Mar 1972 00:00:00 +0000"),
        (1_709_164_800, "Thu, 29 Feb 2024 00:00:00 +0000"),
        (253_402_300_799, "Fri, 31 Dec 9999 23:59:59 +0000"),
        (-2_208_988_800, "Mon, 01 Jan 1900 00:00:00 +0000"),
    ] as [(Double, String)])
    func utc(seconds: Double, expected: String) {
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test("Fractions of a second are dropped towards the past")
    func fractions() {
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: 1_795_611_721.999)) == "Wed, 25 Nov 2026 13:02:01 +0000")
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: -0.5)) == "Wed, 31 Dec 1969 23:59:59 +0000")
    }

    @Test("Instants outside years 0000 to 9999 are clamped instead of trapping")
    func clamping() {
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: 1e15)) == "Fri, 31 Dec 9999 23:59:59 +0000")
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: .infinity)) == "Fri, 31 Dec 9999 23:59:59 +0000")
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: -1e15)) == "Sat, 01 Jan 0000 00:00:00 +0000")
    }

    @Test("Offsets shift the local time and are written as ±hhmm", arguments: [
        (3_600, "Wed, 25 Nov 2026 14:02:01 +0100"),
        (7_200, "Wed, 25 Nov 2026 15:02:01 +0200"),
        (-18_000, "Wed, 25 Nov 2026 08:02:01 -0500"),
        (19_800, "Wed, 25 Nov 2026 18:32:01 +0530"),
        (-34_200, "Wed, 25 Nov 2026 03:32:01 -0930"),
        (50_400, "Thu, 26 Nov 2026 03:02:01 +1400"),
        (3_659, "Wed, 25 Nov 2026 14:02:01 +0100"),
        (1_000_000, "Sun, 29 Nov 2026 17:01:01 +9959"),
    ])
    func offsets(offset: Int, expected: String) {
        #expect(RFC5322Date.format(Samples.date, utcOffsetSeconds: offset) == expected)
    }

    @Test("Every day of four years round-trips through the civil calendar")
    func calendarWalk() {
        // Given consecutive days from 2023 to 2026, the formatted day advances one at a time.
        var previous: (day: Int, month: String)? = nil
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let lengths2024 = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        var counts: [String: Int] = [:]
        for day in 0..<366 {
            let text = RFC5322Date.format(Date(timeIntervalSince1970: Double(1_704_067_200 + day * 86_400)))
            let fields = text.split(separator: " ")
            #expect(fields[3] == "2024")
            let current = (day: Int(fields[1]) ?? 0, month: String(fields[2]))
            counts[current.month, default: 0] += 1
            if let previous, previous.month == current.month { #expect(current.day == previous.day + 1) }
            previous = current
        }
        #expect(months.map { counts[$0] ?? 0 } == lengths2024)
    }
}
