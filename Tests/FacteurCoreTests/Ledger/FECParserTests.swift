import FacteurCore
import Foundation
import Testing

/// The FEC parser over the sample exports (tab with BOM and CRLF, pipe with LF) and broken inputs.
@Suite struct FECParserTests {
    static func fixture(_ name: String, filePath: String = #filePath) throws -> String {
        let url = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name)
        return try String(contentsOf: url, encoding: .utf8)
    }

    static let header = FECParser.standardColumns.joined(separator: "\t")

    /// A one-entry file with `fields` replacing the standard columns they name.
    static func file(_ lines: [[String: String]], separator: String = "\t", end: String = "\n") -> String {
        let base: [String: String] = [
            "JournalCode": "HA", "JournalLib": "Achats", "EcritureNum": "HA1", "EcritureDate": "20260105",
            "CompteNum": "40100000", "CompteLib": "Fournisseurs", "CompAuxNum": "FACME", "CompAuxLib": "Acme",
            "PieceRef": "F-1", "PieceDate": "20260105", "EcritureLib": "Acme F-1", "Debit": "0,00", "Credit": "12,50",
            "EcritureLet": "", "DateLet": "", "ValidDate": "20260106", "Montantdevise": "", "Idevise": "",
        ]
        let rows = lines.map { overrides in
            FECParser.standardColumns.map { overrides[$0] ?? base[$0]! }.joined(separator: separator)
        }
        return ([FECParser.standardColumns.joined(separator: separator)] + rows).joined(separator: end) + end
    }

    @Test func theTabAndPipeSamplesParseIdentically() throws {
        let tab = try FECParser.parse(Self.fixture("sample-fec.txt"))
        let pipe = try FECParser.parse(Self.fixture("sample-fec-pipe.txt"))
        #expect(tab.count == 38)
        #expect(tab == pipe)
    }

    @Test func theSampleReadsEveryColumnWithAccentsAndBalances() throws {
        let entries = try FECParser.parse(Self.fixture("sample-fec.txt"))
        let first = try #require(entries.first)
        #expect(first.line == 2)
        #expect(first.journalCode == "HA" && first.journalLabel == "Achats" && first.entryNumber == "HA000001")
        #expect(first.entryDate == LedgerDate(year: 2026, month: 1, day: 5))
        #expect(first.accountNumber == "60640000" && first.auxiliaryAccountNumber == nil)
        #expect(first.label == "Papeterie Lumière - ramettes")
        #expect(first.debit == Decimal(string: "99")! && first.credit == 0)
        #expect(first.validationDate == LedgerDate(year: 2026, month: 1, day: 6))
        let lettered = try #require(entries.first { $0.letteringCode == "AA" && $0.journalCode == "HA" })
        #expect(lettered.letteringDate == LedgerDate(year: 2026, month: 1, day: 20))
        let dollars = try #require(entries.first { $0.currency == "USD" })
        #expect(dollars.currencyAmount == Decimal(string: "50")!)
        var debit = Decimal(0), credit = Decimal(0)
        for entry in entries { debit += entry.debit; credit += entry.credit }
        #expect(debit == credit)
        for (_, lines) in Dictionary(grouping: entries, by: \.entryNumber) {
            #expect(lines.reduce(Decimal(0)) { $0 + $1.debit - $1.credit } == 0, "\(lines[0].entryNumber) is unbalanced")
        }
    }

    @Test func commaDecimalsAreExactAndDotsAreAcceptedToo() throws {
        let entries = try FECParser.parse(Self.file([["Credit": "1208,33"], ["Credit": "1208.33"], ["Credit": "0,1", "Debit": ""]]))
        #expect(entries[0].credit == Decimal(sign: .plus, exponent: -2, significand: 120_833))
        #expect(entries[1].credit == entries[0].credit)
        #expect(entries[2].credit == Decimal(sign: .plus, exponent: -1, significand: 1))
        #expect(entries[2].debit == 0)
    }

    @Test func aBadDateNamesItsLineAndColumn() {
        let text = Self.file([[:], ["EcritureDate": "20261301"]])
        let error = #expect(throws: FECParseError.self) { try FECParser.parse(text) }
        #expect(error?.code == .date && error?.line == 3 && error?.column == "EcritureDate")
        #expect(error?.message == "FEC line 3, column EcritureDate: \"20261301\" is not a YYYYMMDD date")
    }

    @Test func aBadAmountNamesItsLineAndColumn() {
        let text = Self.file([["Credit": "12,3,4"]], separator: "|", end: "\r\n")
        let error = #expect(throws: FECParseError.self) { try FECParser.parse(text) }
        #expect(error?.code == .amount && error?.line == 2 && error?.column == "Credit")
        #expect(error?.message == "FEC line 2, column Credit: \"12,3,4\" is not an amount")
    }

    @Test func aHeaderWithoutTheStandardColumnsIsRefused() {
        let text = "JournalCode\tJournalLib\tEcritureNum\n"
        let error = #expect(throws: FECParseError.self) { try FECParser.parse(text) }
        #expect(error?.code == .header && error?.line == 1 && error?.message.contains("EcritureDate") == true)
        #expect(throws: FECParseError.self) { try FECParser.parse("JournalCode;JournalLib\n") }
        #expect(throws: FECParseError.self) { try FECParser.parse("") }
    }

    @Test func aShortLineAndAnEmptyMandatoryFieldAreRefused() {
        let short = #expect(throws: FECParseError.self) { try FECParser.parse(Self.header + "\nHA\tAchats\n") }
        #expect(short?.code == .fieldCount && short?.line == 2)
        let empty = #expect(throws: FECParseError.self) { try FECParser.parse(Self.file([["CompteNum": " "]])) }
        #expect(empty?.code == .missingValue && empty?.column == "CompteNum")
    }

    @Test func columnsAreFoundByNameInAnyOrderWithBlankLinesSkipped() throws {
        let columns = FECParser.standardColumns.reversed() + ["Extra"]
        let special = ["EcritureDate": "20260107", "Debit": "3,50", "CompteNum": "411X", "Extra": "x", "Credit": "",
                       "PieceDate": "", "DateLet": "", "ValidDate": "", "Montantdevise": ""]
        let values = columns.map { special[$0] ?? "v" }
        let text = columns.joined(separator: "|") + "\n\n" + values.joined(separator: "|") + "\n   \n"
        let entries = try FECParser.parse(text)
        #expect(entries.count == 1)
        #expect(entries[0].line == 3 && entries[0].accountNumber == "411X" && entries[0].debit == Decimal(string: "3.5")!)
    }
}
