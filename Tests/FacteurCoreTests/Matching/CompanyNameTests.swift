import FacteurCore
import Testing

@Suite("Company name normalisation")
struct CompanyNameTests {
    @Test func accentsAreFoldedAndLettersUppercased() {
        #expect(CompanyName("Société Générale").normalized == "SOCIETE GENERALE")
        #expect(CompanyName("Hôtel Beauséjour Ÿ").normalized == "HOTEL BEAUSEJOUR Y")
        #expect(CompanyName("Cœur de Lin").normalized == "COEUR LIN")
        #expect(CompanyName("Æther Straße").normalized == "AETHER STRASSE")
        // Already decomposed text: combining marks are dropped.
        #expect(CompanyName("Socie\u{301}te\u{301}").normalized == "SOCIETE")
    }

    @Test func apostrophesAreDeletedWithoutASpace() {
        #expect(CompanyName("L'Oréal").normalized == "LOREAL")
        #expect(CompanyName("L\u{2019}Oréal").normalized == "LOREAL")
        #expect(CompanyName("L\u{02BC}OREAL").normalized == "LOREAL")
    }

    @Test func ampersandBecomesETWhichIsAStopWord() {
        #expect(CompanyName("Fabre & Fils").normalized == "FABRE FILS")
        #expect(CompanyName("Fabre et Fils").normalized == "FABRE FILS")
    }

    @Test func runsOfSingleLettersAreGlued() {
        #expect(CompanyName("Amazon EU S.à r.l.").legalForms == ["SARL"])
        #expect(CompanyName("Acme S.A.S.").legalForms == ["SAS"])
        let dotted = CompanyName("A.C.M.E. S.A.S.")
        #expect(dotted.normalized == "ACME")
        #expect(dotted.legalForms == ["SAS"])
        #expect(CompanyName("Martin S. A. R. L.").legalForms == ["SARL"])
    }

    @Test func abbreviationsAreExpanded() {
        let name = CompanyName("STE NLE DES ETS MARTIN S.A.R.L.")
        #expect(name.normalized == "SOCIETE NOUVELLE ETABLISSEMENTS MARTIN")
        #expect(name.legalForms == ["SARL"])
        #expect(CompanyName("Société Nouvelle des Établissements Martin").normalized == name.normalized)
        #expect(CompanyName("Sté Vins Lacroix & Cie").normalized == "SOCIETE VINS LACROIX COMPAGNIE")
    }

    @Test func legalFormsAreSplitOutAndLimitedBecomesLTD() {
        let google = CompanyName("Google Ireland Limited")
        // The country after the brand is a qualifier, not a distinctive word (issue 11) …
        #expect(google.normalized == "GOOGLE")
        #expect(google.countryQualifier == "IRELAND")
        #expect(google.legalForms == ["LTD"])
        // … and two different countries are two subsidiaries, never the same name.
        #expect(!NameSimilarity.compare(google, CompanyName("Google France SARL")).isExact)
        #expect(NameSimilarity.compare(google, CompanyName("GOOGLE")).isExact)
        #expect(CompanyName("GOOGLE IRELAND LTD").normalized == google.normalized)
        #expect(CompanyName("Hetzner Online GmbH").legalForms == ["GMBH"])
        #expect(CompanyName("SCI Les Tilleuls").legalForms == ["SCI"])
    }

    @Test func stopWordsAreDroppedAndOtherPunctuationSeparates() {
        #expect(CompanyName("La Maison du Café, Paris-Nord").normalized == "MAISON CAFE PARIS NORD")
        #expect(CompanyName("The Bank of Ireland").normalized == "BANK IRELAND")
        #expect(CompanyName("SARL").isEmpty)
    }
}
