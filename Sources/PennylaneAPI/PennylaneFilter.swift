import Foundation

/// One condition of Pennylane's `filter` query parameter, a JSON array of
/// `{"field": …, "operator": …, "value": …}` objects that must all hold.
///
/// ```swift
/// try client.supplierInvoices(filters: [
///     PennylaneFilter("supplier_id", .eq, "42"),
///     PennylaneFilter("invoice_number", .in, ["F-2026-001", "F2026001"]),
/// ]) { page in … }
/// ```
/// Pennylane compares exactly: normalise invoice numbers before asking, and try variants with `in`.
public struct PennylaneFilter: Sendable, Hashable {
    /// A comparison Pennylane knows.
    public enum Operator: String, Sendable, Hashable {
        /// Equal.
        case eq
        /// Not equal.
        case notEq = "not_eq"
        /// Less than.
        case lt
        /// Less than or equal.
        case lteq
        /// Greater than.
        case gt
        /// Greater than or equal.
        case gteq
        /// One of several values.
        case `in`
        /// None of several values.
        case notIn = "not_in"
        /// Prefix match (`ILIKE 'value%'`).
        case startWith = "start_with"
    }

    /// The value: one string, or a list for `in` / `not_in`.
    public enum Value: Sendable, Hashable {
        /// One value (dates as `YYYY-MM-DD`, ids in decimal).
        case one(String)
        /// Several values.
        case many([String])
    }

    /// The field, e.g. `supplier_id`, `invoice_number`, `date`.
    public var field: String
    /// The comparison.
    public var `operator`: Operator
    /// What to compare with.
    public var value: Value

    /// A filter with one value.
    public init(_ field: String, _ operator: Operator, _ value: String) {
        self.field = field
        self.operator = `operator`
        self.value = .one(value)
    }

    /// A filter with a list of values (`in`, `not_in`).
    public init(_ field: String, _ operator: Operator, _ values: [String]) {
        self.field = field
        self.operator = `operator`
        self.value = .many(values)
    }

    /// The JSON array text of the `filter` parameter for these filters.
    public static func queryValue(_ filters: [PennylaneFilter]) -> String {
        let array: [[String: Any]] = filters.map { filter in
            let value: Any = switch filter.value {
            case .one(let text): text
            case .many(let texts): texts
            }
            return ["field": filter.field, "operator": filter.operator.rawValue, "value": value]
        }
        let data = (try? JSONSerialization.data(withJSONObject: array, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
