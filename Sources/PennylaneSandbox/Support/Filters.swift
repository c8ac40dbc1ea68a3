import Foundation

/// Pennylane's `filter` parameter: a JSON array of `{"field", "operator", "value"}` objects, all of
/// which must hold. Each list declares the fields it filters and their operators; anything else → 400.
struct FilterSpec: Sendable {
    /// How a field compares: integers numerically, text (and `YYYY-MM-DD` dates) as strings.
    enum Kind: Sendable { case integer, text }

    struct Field: Sendable {
        var kind: Kind
        var operators: Set<String>
    }

    var fields: [String: Field]

    /// One parsed condition.
    struct Condition {
        var field: String
        var kind: Kind
        var op: String
        var values: [String]
    }

    /// Parses the parameter; the error message is what the 400 says.
    func parse(_ text: String?) -> Result<[Condition], FilterError> {
        guard let text, !text.isEmpty else { return .success([]) }
        guard let array = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [Any] else {
            return .failure(FilterError("filter must be a JSON array of {field, operator, value} objects"))
        }
        var conditions: [Condition] = []
        for element in array {
            guard let object = element as? [String: Any], let field = object["field"] as? String, let op = object["operator"] as? String,
                  let raw = object["value"] else {
                return .failure(FilterError("each filter needs field, operator and value"))
            }
            guard let spec = fields[field] else { return .failure(FilterError("filtering on \(field) is not supported")) }
            guard spec.operators.contains(op) else { return .failure(FilterError("operator \(op) is not supported for \(field)")) }
            let values: [String]
            if op == "in" || op == "not_in" {
                guard let list = raw as? [Any] else { return .failure(FilterError("\(op) needs an array value for \(field)")) }
                values = list.compactMap(FilterSpec.scalar)
                guard values.count == list.count else { return .failure(FilterError("bad value in the \(field) filter")) }
            } else {
                guard let value = FilterSpec.scalar(raw) else { return .failure(FilterError("bad value in the \(field) filter")) }
                values = [value]
            }
            if spec.kind == .integer, values.contains(where: { Int($0) == nil }) {
                return .failure(FilterError("\(field) takes integer values"))
            }
            conditions.append(Condition(field: field, kind: spec.kind, op: op, values: values))
        }
        return .success(conditions)
    }

    /// A string or a number as text.
    private static func scalar(_ value: Any) -> String? {
        if let text = value as? String { return text }
        if value is Bool { return nil }
        if let number = value as? NSNumber { return number.stringValue }
        return nil
    }
}

/// Why a filter was refused.
struct FilterError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

extension FilterSpec.Condition {
    /// Whether a record's value for this field satisfies the condition (a null value satisfies
    /// only `not_eq` and `not_in`).
    func holds(for value: String?) -> Bool {
        guard let value else { return op == "not_eq" || op == "not_in" }
        let compare: (String, String) -> Int = { left, right in
            if kind == .integer, let l = Int(left), let r = Int(right) { return l < r ? -1 : l > r ? 1 : 0 }
            return left < right ? -1 : left > right ? 1 : 0
        }
        let first = values.first ?? ""
        switch op {
        case "eq": return compare(value, first) == 0
        case "not_eq": return compare(value, first) != 0
        case "lt": return compare(value, first) < 0
        case "lteq": return compare(value, first) <= 0
        case "gt": return compare(value, first) > 0
        case "gteq": return compare(value, first) >= 0
        case "in": return values.contains { compare(value, $0) == 0 }
        case "not_in": return !values.contains { compare(value, $0) == 0 }
        case "start_with": return value.lowercased().hasPrefix(first.lowercased())
        default: return false
        }
    }
}
