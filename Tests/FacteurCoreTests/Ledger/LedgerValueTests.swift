import FacteurCore
import Foundation
import Testing

/// Exact decimal amounts and calendar days, as ledgers and Pennylane write them.
@Suite struct LedgerValueTests {
    @Test func amountsParseExactlyWithACommaOrADot() {
        #expect(LedgerAmount.parse("1234,56") == Decimal(sign: .plus, exponent: -2, significand: 123_456))
        #expect(LedgerAmount.parse("-0.10") == Decimal(sign: .minus, exponent: -2, significand: 10))
        #expect(LedgerAmount.parse(" +7 ") == 7)
        #expect(LedgerAmount.parse(".5") == Decimal(sign: .plus, exponent: -1, significand: 5))
        #expect(LedgerAmount.parse("0.1")! + LedgerAmount.parse("0.2")! == LedgerAmount.parse("0.3")!)
    }

    @Test func malformedAmountsAreRefused() {
        for text in ["", "-", ",", "1,2,3", "1.2.3", "1 234,56", "12e3", "abc", "12€"] {
            #expect(LedgerAmount.parse(text) == nil, "\(text)")
        }
        #expect(LedgerAmount.parse("1,5", allowComma: false) == nil)
    }

    @Test func datesParseInBothFormsAndRefuseImpossibleDays() {
        #expect(LedgerDate(fec: "20240229") == LedgerDate(iso: "2024-02-29"))
        #expect(LedgerDate(iso: "2026-03-01T10:00:00Z") == LedgerDate(year: 2026, month: 3, day: 1))
        #expect(LedgerDate(fec: "20260229") == nil && LedgerDate(fec: "2026-01-01") == nil && LedgerDate(iso: "20260101") == nil)
        #expect(LedgerDate(fec: "20260105")!.description == "2026-01-05")
        #expect(LedgerDate(fec: "20260105")! < LedgerDate(fec: "20260106")!)
        #expect(LedgerDate(fec: "19700102")!.daysSinceEpoch == 1)
    }
}
