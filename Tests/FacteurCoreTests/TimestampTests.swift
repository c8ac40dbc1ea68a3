import FacteurCore
import Foundation
import Testing

@Suite struct TimestampTests {
    @Test func formatsUTCWithMillisecondsAtFixedWidth() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_795_612_921.5)) == "2026-11-25T13:22:01.500Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00.000Z")
    }

    @Test func parsesWhatItFormats() {
        for seconds in [0.0, 951_782_400, 1_795_612_921.123, 4_102_444_799.999] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(Timestamp.parse(Timestamp.format(date)).map(Timestamp.format) == Timestamp.format(date))
        }
    }

    @Test func parsesDatesAndShorterTimes() {
        #expect(Timestamp.parse("2026-11-25") == Date(timeIntervalSince1970: 1_795_564_800))
        #expect(Timestamp.parse("2026-11-25T13:22").map(Timestamp.format) == "2026-11-25T13:22:00.000Z")
        #expect(Timestamp.parse("2026-11-25 13:22:05").map(Timestamp.format) == "2026-11-25T13:22:05.000Z")
    }

    @Test func refusesImpossibleOrMalformedDates() {
        for text in ["2026-02-29", "2026-13-01", "2026-11-31", "26-11-25", "2026/11/25", "2026-11-25T25:00", "yesterday", ""] {
            #expect(Timestamp.parse(text) == nil, "\(text)")
        }
        #expect(Timestamp.parse("2024-02-29") != nil)
    }
}
