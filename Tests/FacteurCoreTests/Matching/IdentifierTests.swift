import FacteurCore
import Testing

@Suite("French and bank identifiers")
struct IdentifierTests {
    @Test func aSIRENWithAValidLuhnDigitParsesFromPrintedText() {
        #expect(SIREN("404833048")?.digits == "404833048")
        #expect(SIREN("404 833 048")?.digits == "404833048")
        #expect(SIREN("404.833.048")?.digits == "404833048")
        #expect(SIREN("404\u{00A0}833\u{00A0}048")?.digits == "404833048")
        #expect(SIREN("443-121-975")?.digits == "443121975")
    }

    @Test func aSIRENWithOneDigitChangedTransposedDigitsOrTheWrongLengthIsRejected() {
        #expect(SIREN("404833049") == nil)
        #expect(SIREN("404383048") == nil)
        #expect(SIREN("40483304") == nil)
        #expect(SIREN("4048330480") == nil)
        #expect(SIREN("40483304A") == nil)
        #expect(SIREN("") == nil)
    }

    @Test func aSIRETFollowsLuhnAndYieldsItsSIREN() throws {
        let siret = try #require(SIRET("404 833 048 00022"))
        #expect(siret.siren.digits == "404833048")
        #expect(siret.nic == "00022")
        #expect(SIRET("40483304800023") == nil)
        #expect(SIRET("4048330480002") == nil)
    }

    @Test func laPosteEstablishmentsUseTheDigitSumRuleButTheHeadOfficeUsesLuhn() throws {
        // Digit sum 45, divisible by 5, while Luhn fails.
        #expect(SIRET("35600000049837") != nil)
        #expect(SIRET("35600000049838") == nil)
        let headOffice = try #require(SIRET("35600000000048"))
        #expect(headOffice.siren.digits == "356000000")
        // The head office's digits sum to 26, so only Luhn makes it valid; a neighbour is an
        // establishment whose digit sum (27) is not a multiple of 5.
        #expect(SIRET("35600000000049") == nil)
    }

    @Test func aFrenchVATNumberHasTheKeyComputedFromItsSIREN() throws {
        let vat = try #require(VATNumber("FR 83 404 833 048"))
        #expect(vat.value == "FR83404833048")
        #expect(vat.siren?.digits == "404833048")
        #expect(VATNumber.french(for: SIREN("443121975")!).value == "FR46443121975")
        #expect(VATNumber("fr40303265045")?.siren?.digits == "303265045")
    }

    @Test func aFrenchVATNumberWithAWrongKeyAChangedDigitOrFR00IsRejected() {
        #expect(VATNumber("FR84404833048") == nil)
        #expect(VATNumber("FR00404833048") == nil)
        #expect(VATNumber("FR83404833049") == nil)
        #expect(VATNumber("FR83404338048") == nil)
        #expect(VATNumber("FR8340483304") == nil)
    }

    @Test func aMonacoVATNumberIsValidButCarriesNoSIREN() throws {
        // FR + key + 000 + 6 digits, key from the same formula.
        let body = "000123456"
        let key = (12 + 3 * (Int(body)! % 97)) % 97
        let vat = try #require(VATNumber("FR" + (key < 10 ? "0" : "") + String(key) + body))
        #expect(vat.isFrench)
        #expect(vat.siren == nil)
    }

    @Test func aForeignVATNumberIsKeptCompactedWithShapeChecksOnly() throws {
        #expect(VATNumber("IE 6388047 V")?.value == "IE6388047V")
        #expect(VATNumber("LU26375245")?.countryCode == "LU")
        #expect(VATNumber("NL 8192.94.590 B01")?.value == "NL819294590B01")
        #expect(VATNumber("DE1") == nil)
        #expect(VATNumber("1E6388047V") == nil)
        #expect(VATNumber("IEABCDEFG") == nil)
        #expect(VATNumber("DE12345678901234") == nil)
    }

    @Test func anIBANIsValidWhenMod97GivesOneAndTheCountryLengthMatches() throws {
        for text in ["FR76 3000 6000 0112 3456 7890 189", "DE89370400440532013000", "GB29NWBK60161331926819",
                     "BE68539007547034", "NL91ABNA0417164300", "CH9300762011623852957", "IE29AIBK93115212345678",
                     "LU280019400644750000", "ES9121000418450200051332", "IT60X0542811101000000123456",
                     "MC5811222000010123456789030"] {
            #expect(IBAN(text) != nil, "\(text)")
        }
        #expect(IBAN("fr7630006000011234567890189")?.value == "FR7630006000011234567890189")
        #expect(IBAN("FR7630006000011234567890189")?.countryCode == "FR")
    }

    @Test func anIBANWithAChangedDigitTransposedDigitsOrTheWrongLengthIsRejected() {
        #expect(IBAN("FR7630006000011234567890188") == nil)
        #expect(IBAN("FR7630006000011234567809189") == nil)
        #expect(IBAN("FR763000600001123456789018") == nil)
        #expect(IBAN("DE8937040044053201300") == nil)
        #expect(IBAN("XX00") == nil)
    }

    @Test func labelsPrintedBeforeAnIdentifierAreNotPartOfIt() {
        #expect(SIREN("SIREN : 404 833 048")?.digits == "404833048")
        #expect(SIREN("Siren n°404 833 048")?.digits == "404833048")
        #expect(SIRET("SIRET : 40483304800022")?.siren.digits == "404833048")
        #expect(VATNumber("N° TVA intracom. : FR 83 404 833 048")?.value == "FR83404833048")
        #expect(VATNumber("VAT No. FR83404833048")?.value == "FR83404833048")
        #expect(VATNumber("USt-IdNr.: DE 123 456 789")?.value == "DE123456789")
        // "NO" is Norway's prefix as well as "No." (number): only the abbreviation is dropped.
        #expect(VATNumber("NO 923 609 016 MVA")?.value == "NO923609016MVA")
    }

    @Test func aForeignVATNumberMustHaveItsCountrysShape() {
        // Read as a whole, "SIREN 404833048" once passed for a Slovenian number.
        #expect(VATNumber("SIREN 404833048") == nil)
        #expect(VATNumber("SIREN 40483304") == nil)
        for malformed in ["DE 1234", "IT 12345678", "XX123456789", "SI 12", "NL123456789", "ATU1234567"] {
            #expect(VATNumber(malformed) == nil, "\(malformed)")
        }
        for valid in ["ATU12345678", "ESB12345678", "ES12345678Z", "BE0403019261", "CHE-123.456.789 TVA", "GB123456789",
                      "EL123456789", "PL1234567890", "SE123456789701", "CY12345678L"] {
            #expect(VATNumber(valid) != nil, "\(valid)")
        }
    }
}
