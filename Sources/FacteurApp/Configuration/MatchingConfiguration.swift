public import FacteurCore
import Foundation
import MIME

/// The matching side of the configuration: the Pennylane read-only API, the decision threshold and
/// margin, weight overrides, and the ledger duplicate window.
public struct MatchingConfiguration: Sendable {
    /// `pennylane_api_url`.
    public var pennylaneURL: String
    /// `pennylane_token` when set in the configuration (it may instead live in the secret store).
    public var pennylaneToken: Secret?
    /// `match_threshold`, points.
    public var threshold: Double
    /// `match_margin`, points.
    public var margin: Double
    /// `match_weights`: weight overrides by name, validated against the known weights when applied.
    public var weightOverrides: [String: Double]
    /// `ledger_dedup_days`.
    public var dedupDays: Int
    /// `company_siren` and `company_vat_number`: the company's own identifiers (nil when neither is set).
    public var company: CompanyIdentifiers?

    /// The scoring weights: the documented defaults, then `match_threshold`, `match_margin` and
    /// the `match_weights` overrides.
    /// - Throws: ``ConfigurationError`` naming an unknown weight.
    public func weights() throws -> MatchingWeights {
        var object = (try JSONSerialization.jsonObject(with: JSONEncoder().encode(MatchingWeights()))) as? [String: Any] ?? [:]
        for (name, value) in weightOverrides {
            guard object[name] != nil else {
                throw ConfigurationError(key: "match_weights", "unknown weight \(name) (known: \(object.keys.sorted().joined(separator: ", ")))")
            }
            object[name] = value
        }
        object["threshold"] = threshold
        object["margin"] = margin
        return try JSONDecoder().decode(MatchingWeights.self, from: JSONSerialization.data(withJSONObject: object))
    }

    static func parse(reader: ValueReader) throws(ConfigurationError) -> MatchingConfiguration {
        let url = reader.string("pennylane_api_url") ?? "https://app.pennylane.com/api/external/v2"
        let isLoopback = ["http://127.", "http://localhost", "http://[::1]"].contains { url.hasPrefix($0) }
        guard url.hasPrefix("https://") || isLoopback else {
            throw ConfigurationError(key: "pennylane_api_url", "expected an https:// URL (http:// only to a loopback host)")
        }
        return MatchingConfiguration(
            pennylaneURL: url, pennylaneToken: reader.secret("pennylane_token"),
            threshold: try number(reader, "match_threshold", range: 0...100) ?? 10,
            margin: try number(reader, "match_margin", range: 0...50) ?? 4,
            weightOverrides: try weights(reader),
            dedupDays: try reader.integer("ledger_dedup_days", range: 0...60) ?? 3,
            company: try company(reader))
    }

    private static func company(_ reader: ValueReader) throws(ConfigurationError) -> CompanyIdentifiers? {
        let siren = reader.string("company_siren"), vat = reader.string("company_vat_number")
        if let siren, SIREN(siren) == nil && SIRET(siren) == nil {
            throw ConfigurationError(key: "company_siren", "expected a SIREN (9 digits) or SIRET (14 digits) with a valid check digit")
        }
        if let vat, VATNumber(vat) == nil {
            throw ConfigurationError(key: "company_vat_number", "expected a VAT number such as FR83404833048")
        }
        guard siren != nil || vat != nil else { return nil }
        return CompanyIdentifiers(siren: siren, vatNumber: vat)
    }

    private static func number(_ reader: ValueReader, _ key: String, range: ClosedRange<Double>) throws(ConfigurationError) -> Double? {
        guard let text = reader.string(key) else { return nil }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw ConfigurationError(key: key, "expected a number from \(Int(range.lowerBound)) to \(Int(range.upperBound)), got \"\(HeaderText.sanitize(text))\"")
        }
        return value
    }

    private static func weights(_ reader: ValueReader) throws(ConfigurationError) -> [String: Double] {
        guard let text = reader.string("match_weights") else { return [:] }
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw ConfigurationError(key: "match_weights", "expected a JSON object of weight names and numbers")
        }
        var weights: [String: Double] = [:]
        for (name, value) in object {
            guard let number = value as? NSNumber, number.doubleValue.isFinite, !(value is Bool) else {
                throw ConfigurationError(key: "match_weights", "\(name): expected a number")
            }
            weights[name] = number.doubleValue
        }
        return weights
    }
}
