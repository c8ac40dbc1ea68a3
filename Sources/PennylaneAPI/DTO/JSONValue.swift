import FacteurCore
import Foundation

/// Reads loosely typed values of `JSONSerialization` output the way Pennylane's fields need.
enum JSONValue {
    /// A boolean (`true`/`false`, or a bridged number).
    static func bool(_ value: Any?) -> Bool? {
        if let flag = value as? Bool { return flag }
        return (value as? NSNumber)?.boolValue
    }

    /// An integer id: a JSON integer, or a string of digits.
    static func int(_ value: Any?) -> Int? {
        if let text = value as? String { return Int(text) }
        guard let number = value as? NSNumber, let exact = Int(exactly: number.doubleValue) else { return nil }
        return exact
    }

    /// A non-empty string; empty strings, null and absent keys are nil. Numbers are not strings.
    static func text(_ value: Any?) -> String? {
        guard let text = value as? String, !text.isEmpty else { return nil }
        return text
    }

    /// An RFC 3339 timestamp.
    static func time(_ value: Any?) -> Date? { text(value).flatMap(PennylaneTime.parse) }

    /// A `YYYY-MM-DD` date.
    static func date(_ value: Any?) -> LedgerDate? { text(value).flatMap { LedgerDate(iso: $0) } }

    /// A decimal string (`"230.32"`), exactly; nil when absent, null or malformed.
    static func decimal(_ value: Any?) -> Decimal? { text(value).flatMap { LedgerAmount.parse($0, allowComma: false) } }

    /// The `id` of a nested `{"id": …}` object.
    static func nestedID(_ value: Any?) -> Int? { int((value as? [String: Any])?["id"]) }

    /// A required integer id, or a decoding error naming the resource.
    static func id(_ json: [String: Any], _ what: String) throws(PennylaneError) -> Int {
        guard let id = int(json["id"]) else { throw PennylaneError(.decoding, "a Pennylane \(what) has no integer \"id\"") }
        return id
    }
}
