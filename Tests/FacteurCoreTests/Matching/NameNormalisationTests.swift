@testable import FacteurCore
import Testing

@Suite("Name normalisation (issue 11 families)")
struct NameNormalisationTests {
    private func same(_ a: String, _ b: String) -> Bool {
        NameSimilarity.compare(CompanyName(a), CompanyName(b)).isExact
    }

    @Test func spelledOutLegalFormsAreLegalForms() {
        let name = CompanyName("Menuiserie Arnaud - Société à responsabilité limitée")
        #expect(name.normalized == "MENUISERIE ARNAUD")
        #expect(name.legalForms == ["SARL"])
        #expect(CompanyName("IMPRIMERIE ETIENNE SOCIETE ANONYME").legalForms == ["SA"])
        #expect(CompanyName("Garage Roche, Société par actions simplifiée unipersonnelle").legalForms == ["SASU"])
        #expect(CompanyName("Plomberie Hamon Entreprise unipersonnelle à responsabilité limitée").legalForms == ["EURL"])
        // "Société" alone stays a word of the name.
        #expect(CompanyName("Société Générale").normalized == "SOCIETE GENERALE")
    }

    @Test func aCivilityTitleOpensAPersonsNameAndNamesNobody() {
        #expect(same("Mme Claire Dubois", "Claire Dubois"))
        #expect(same("M. DUBOIS Claire", "Dubois Claire"))
        #expect(same("Monsieur Jean-Marc Perrin", "Perrin Jean-Marc"))
        // A title alone is not removed (nothing would be left).
        #expect(CompanyName("Madame").normalized == "MADAME")
    }

    @Test func aCountryAfterABrandIsAQualifierButDeFranceIsPartOfTheName() {
        #expect(same("Leroy Merlin France SA", "Leroy Merlin"))
        #expect(same("Kiloutou FR", "Kiloutou France SAS"))
        #expect(CompanyName("Électricité de France SA").normalized == "ELECTRICITE FRANCE")
        // A brand too short to identify anyone keeps its country.
        #expect(CompanyName("Air France").normalized == "AIR FRANCE")
    }

    @Test func mojibakeIsRepairedBeforeComparison() {
        let broken = String(decoding: Array("Pépinières Mélanie".utf8).map { $0 }, as: UTF8.self)
        let latin1 = String(String.UnicodeScalarView(Array(broken.utf8).map { Unicode.Scalar($0) }))
        #expect(latin1.contains("Ã"))
        #expect(same(latin1, "Pépinières Mélanie"))
        // Genuine Latin-1 text is left alone.
        #expect(CompanyName("Ã la carte").normalized == "A CARTE")
    }

    @Test func germanTransliterationMatchesTheUmlaut() {
        #expect(same("Mueller Praezisionstechnik GmbH", "Müller Präzisionstechnik"))
        #expect(same("Baeckerei Schoen", "Bäckerei Schön GmbH"))
        #expect(!same("Mueller Bau", "Muller Beton"))
    }

    @Test func aLabelCutOnAnArticleKeepsTheCutWord() {
        let cut = CompanyName("PEPINIERES LA")
        #expect(cut.normalized == "PEPINIERES LA")
        #expect(NameSimilarity.isTruncation(cut.normalized, CompanyName("Pépinières Lacombe Rénovation").normalized))
        // Cut inside an article that normalisation drops: the full words still show the cut.
        #expect(NameSimilarity.compare(CompanyName("TRANSPORTS CARON E"), CompanyName("Transports Caron et Fils")).isTruncation)
    }

    @Test func anAcronymIsTheInitialsOfEveryWordOrOfTheMajorOnes() {
        #expect(Acronym.abbreviates(CompanyName("EDF"), CompanyName("Électricité de France SA")))
        #expect(Acronym.abbreviates(CompanyName("SFR"), CompanyName("Société Française du Radiotéléphone")))
        #expect(Acronym.abbreviates(CompanyName("CMDO"), CompanyName("Compagnie Maritime de l'Ouest")))
        #expect(!Acronym.abbreviates(CompanyName("EDF"), CompanyName("Engie")))
        #expect(!Acronym.abbreviates(CompanyName("Orange"), CompanyName("Orange Business Services")))
    }

    @Test func confusableNamesAreNearHomonymsGroupSiblingsAndSubsets() {
        #expect(NameSimilarity.isConfusable(CompanyName("Plomberie Dupont"), CompanyName("Plomberie Dupond")))
        #expect(NameSimilarity.isConfusable(CompanyName("Groupe Vasseur Transports"), CompanyName("Groupe Vasseur Logistique")))
        #expect(NameSimilarity.isConfusable(CompanyName("Transports Garnier"), CompanyName("Transports Garnier Frères")))
        #expect(!NameSimilarity.isConfusable(CompanyName("Menuiserie Arnaud"), CompanyName("Menuiserie Bertin")))
    }

    @Test func bankLabelsLoseTheirOperationWordsAndReferences() {
        #expect(BankLabel.counterpartyName("PRLV SEPA EDF ECH/120326") == "EDF")
        #expect(BankLabel.counterpartyName("VIR SEPA PLOMBERIE LUCAS REF 48213") == "PLOMBERIE LUCAS")
        #expect(BankLabel.counterpartyName("VIR INST MENUISERIE ARNAUD") == "MENUISERIE ARNAUD")
        #expect(BankLabel.counterpartyName("CB LEROY MERLIN 12/03 CARTE 4974XXXXXXXX1234") == "LEROY MERLIN")
        #expect(BankLabel.counterpartyName("SERRURERIE MASSON SARL") == "SERRURERIE MASSON SARL")
    }

    @Test func bankLabelFieldTagsConnectorsAndCardNumbersAreNotTheName() {
        #expect(BankLabel.counterpartyName("VIR SEPA RECU /DE ACME SAS /MOTIF FACTURE 12") == "ACME SAS")
        #expect(BankLabel.counterpartyName("PAIEMENT PAR CARTE X4821 AMAZON") == "AMAZON")
        #expect(BankLabel.counterpartyName("VIR SEPA EMIS VERS ACME") == "ACME")
        #expect(BankLabel.counterpartyName("VIR SEPA A2 CONSULTING") == "A2 CONSULTING")
        #expect(BankLabel.counterpartyName("PRLV SEPA /DE CABINET LEBRUN /ID EMETTEUR FR12ZZZ123456") == "CABINET LEBRUN")
        #expect(BankLabel.counterpartyName("VIR INST POUR PLOMBERIE MARCHAL : FACTURE 2026-12") == "PLOMBERIE MARCHAL")
        #expect(BankLabel.counterpartyName("CB X4821 ATELIER TOURNIER LE 12/03") == "ATELIER TOURNIER")
    }
}
