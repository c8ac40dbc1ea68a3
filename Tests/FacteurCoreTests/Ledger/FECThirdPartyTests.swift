import FacteurCore
import Foundation
import Testing

/// Suppliers (401) and customers (411) derived from the sample FEC.
@Suite struct FECThirdPartyTests {
    static func parties() throws -> [FECThirdParty] {
        FECThirdParty.derive(from: try FECParser.parse(FECParserTests.fixture("sample-fec.txt")))
    }

    static func amount(_ text: String) -> Decimal { LedgerAmount.parse(text)! }

    @Test func suppliersAndCustomersAreDerivedInOrderOfAppearance() throws {
        let parties = try Self.parties()
        #expect(parties.map(\.account) == ["FPAPLUM", "401BOULE", "FMULLER", "FGOOGLE", "FATLASS", "FDUPONT", "CCELESTE", "CCAFEARTS"])
        #expect(parties.filter { $0.kind == .supplier }.count == 6)
        #expect(parties.filter { $0.kind == .customer }.map(\.name) == ["Atelier Céleste SAS", "Café des Arts"])
    }

    @Test func anAccountWithoutAuxiliaryUsesTheGeneralAccountAndItsLabel() throws {
        let bakery = try #require(try Self.parties().first { $0.account == "401BOULE" })
        #expect(bakery.name == "Boulangerie Élise" && bakery.kind == .supplier)
        #expect(bakery.entries.map(\.amount) == [Self.amount("23,10")])
        #expect(bakery.entries[0].pieceReference == "BE-889" && bakery.entries[0].date == LedgerDate(year: 2026, month: 2, day: 10))
    }

    @Test func amountsAreCreditMinusDebit() throws {
        let parties = try Self.parties()
        let papeterie = try #require(parties.first { $0.account == "FPAPLUM" })
        #expect(papeterie.name == "Papeterie Lumière SARL")
        // invoices credit the supplier (positive); the payment and the credit note debit it (negative)
        #expect(papeterie.entries.map(\.amount) == ["118,80", "59,40", "-12,00", "-118,80"].map(Self.amount))
        #expect(papeterie.entries.map(\.pieceReference) == ["PL-2026-0101", "PL-2026-0142", "AV-2026-007", "QONTO-TX-0001"])
        #expect(papeterie.entries.map(\.journalCode) == ["HA", "HA", "HA", "BQ"])
        let celeste = try #require(parties.first { $0.account == "CCELESTE" })
        // a sales invoice debits the customer (negative); the receipt credits it (positive)
        #expect(celeste.entries.map(\.amount) == ["-1800", "1800"].map(Self.amount))
        #expect(celeste.entries.allSatisfy { $0.letteringCode == "AB" })
    }
}
