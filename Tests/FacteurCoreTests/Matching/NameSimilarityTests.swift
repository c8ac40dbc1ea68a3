import FacteurCore
import Testing

@Suite("Name similarity")
struct NameSimilarityTests {
    @Test func indelRatioIsTwiceTheCommonSubsequenceOverTheTotalLength() {
        #expect(NameSimilarity.indelRatio("ACME", "ACME") == 1)
        #expect(NameSimilarity.indelRatio("", "") == 1)
        #expect(NameSimilarity.indelRatio("ABC", "XYZ") == 0)
        // rapidfuzz: ratio("this is a test", "this is a test!") = 96.55…
        #expect(abs(NameSimilarity.indelRatio("this is a test", "this is a test!") - 0.9655) < 0.001)
    }

    @Test func theDocumentedPrototypePairsScoreAsExpected() {
        func compare(_ a: String, _ b: String) -> NameComparison { NameSimilarity.compare(CompanyName(a), CompanyName(b)) }
        #expect(compare("STE NLE DES ETS MARTIN S.A.R.L.", "Société Nouvelle des Établissements Martin").isExact)
        #expect(compare("ACME SOLUTIONS S.A.S.", "Acme Solutions").isExact)
        #expect(compare("Google Ireland Limited", "GOOGLE IRELAND LTD").isExact)
        #expect(compare("Amazon EU S.à r.l.", "Amazon Web Services EMEA SARL").ratio < 0.75)
    }

    @Test func theTokenSetRatioFallsIntoTheSubsetTrapSoTheRatioMustAlsoBeHigh() {
        let short = CompanyName("Martin Plomberie"), long = CompanyName("Plomberie Dupont Martin")
        #expect(NameSimilarity.tokenSetRatio(short, long) == 1)
        #expect(NameSimilarity.indelRatio(short.normalized, long.normalized) < 0.5)
        let comparison = NameSimilarity.compare(short, long)
        #expect(MatchingWeights().namePoints(comparison) <= 0)
        #expect(NameSimilarity.tokenSetRatio(CompanyName("Orange"), CompanyName("Orange Business Services")) == 1)
        #expect(MatchingWeights().namePoints(NameSimilarity.compare(CompanyName("Orange"), CompanyName("Orange Business Services"))) < 0)
    }

    @Test func wordOrderIsNotHeldAgainstAPair() {
        let comparison = NameSimilarity.compare(CompanyName("Plomberie Martin"), CompanyName("Martin Plomberie"))
        #expect(comparison.ratio == 1)
    }

    @Test func onlyARealUmlautIsTransliterated() {
        #expect(NameSimilarity.compare(CompanyName("Mueller Praezisionstechnik"), CompanyName("Müller Präzisionstechnik GmbH")).isExact)
        #expect(NameSimilarity.compare(CompanyName("Bäckerei Schön"), CompanyName("BAECKEREI SCHOEN")).isExact)
        // An E after A, O or U is a letter of the name when no umlaut stands for it.
        #expect(!NameSimilarity.compare(CompanyName("Blue Conseil"), CompanyName("Blu Conseil")).isExact)
        #expect(!NameSimilarity.compare(CompanyName("Vue Optique"), CompanyName("Vu Optique")).isExact)
    }

    @Test func aLabelCutInsideAWordIsATruncationButACutAtAWordBoundaryIsNot() {
        #expect(NameSimilarity.isTruncation("EPICERIE FINE GILB", "EPICERIE FINE GILBERT"))
        #expect(!NameSimilarity.isTruncation("TRANSPORTS GARNIER", "TRANSPORTS GARNIER FRERES"))
        #expect(!NameSimilarity.isTruncation("GILB", "GILBERT"))
    }
}
