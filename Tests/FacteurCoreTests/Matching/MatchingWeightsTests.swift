import FacteurCore
import Foundation
import Testing

@Suite("Matching weights")
struct MatchingWeightsTests {
    @Test func decodingKeepsTheDocumentedDefaultsForMissingKeys() throws {
        let weights = try JSONDecoder().decode(MatchingWeights.self, from: Data(#"{"threshold": 12, "ibanAgreement": 7}"#.utf8))
        #expect(weights.threshold == 12)
        #expect(weights.ibanAgreement == 7)
        #expect(weights.sirenAgreement == 13)
        #expect(weights.sirenDisagreement == -10)
        #expect(weights.margin == 4)
        #expect(weights.transactionWindowDays == 10)
    }

    @Test func weightsRoundTripThroughJSON() throws {
        var weights = MatchingWeights()
        weights.rareToken = 3
        let decoded = try JSONDecoder().decode(MatchingWeights.self, from: JSONEncoder().encode(weights))
        #expect(decoded == weights)
    }
}
