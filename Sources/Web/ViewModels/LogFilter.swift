import FacteurCore
import Foundation
import Store

/// The mail log page's filters, from its query string: `from` and `to` (`YYYY-MM-DD`, calendar
/// days in the pages' time zone, both inclusive), `counterparty` and `number` (the invoice's
/// counterparty name or invoice number contains this text, ignoring case and accents), `record`
/// (the Qonto ID contains this text, ignoring case), `event` and `outcome` (exact values).
struct LogFilter {
    var from = ""
    var to = ""
    var counterparty = ""
    var number = ""
    var record = ""
    var event = ""
    var outcome = ""
    /// The range passed to ``Store/MailLog/entries(since:until:)``.
    private(set) var since: Date?
    private(set) var until: Date?

    /// What was wrong with the query, one problem per entry; empty when the filters are valid.
    private(set) var problems: [String] = []

    /// - Parameters:
    ///   - query: The query string's fields.
    ///   - timeZone: The zone whose calendar days `from` and `to` name.
    init(query: FormFields, timeZone: TimeZone = TimeZone(identifier: "UTC")!) {
        from = (query["from"] ?? "").trimmingWhitespace
        to = (query["to"] ?? "").trimmingWhitespace
        counterparty = (query["counterparty"] ?? "").trimmingWhitespace
        number = (query["number"] ?? "").trimmingWhitespace
        record = (query["record"] ?? "").trimmingWhitespace
        event = (query["event"] ?? "").trimmingWhitespace
        outcome = (query["outcome"] ?? "").trimmingWhitespace
        since = day(from, name: "From", timeZone: timeZone)
        until = day(to, name: "To", timeZone: timeZone, next: true)
        if let since, let until, since >= until { problems.append("From must not be after To.") }
        let texts: [(String, WritableKeyPath<LogFilter, String>)] = [
            ("Counterparty", \LogFilter.counterparty), ("Invoice number", \LogFilter.number), ("Qonto ID", \LogFilter.record),
        ]
        for (name, value) in texts where self[keyPath: value].count > 100 {
            problems.append("\(name): at most 100 characters.")
            self[keyPath: value] = String(self[keyPath: value].prefix(100))
        }
        for (name, value) in [("Event", event), ("Outcome", outcome)] where !Self.isToken(value) {
            problems.append("\(name): letters and underscores only (for example “attempt” or “failed”).")
        }
    }

    /// Whether the filter needs the invoices' facts (counterparty or number).
    var needsFacts: Bool { !counterparty.isEmpty || !number.isEmpty }

    /// Whether a row passes the text, event and outcome filters (the dates are applied by the query).
    /// - Parameter facts: The row's invoice, when known.
    func matches(_ entry: MailLogEntry, facts: InvoiceFacts?) -> Bool {
        if !record.isEmpty, entry.recordID?.lowercased().contains(record.lowercased()) != true { return false }
        if !event.isEmpty, entry.event != event { return false }
        if !outcome.isEmpty, entry.outcome != outcome { return false }
        if !counterparty.isEmpty, !Self.contains(facts?.counterpartyName, counterparty) { return false }
        if !number.isEmpty, !Self.contains(facts?.invoiceNumber, number) { return false }
        return true
    }

    /// The filters as a query string (for the CSV link, so the download has the same rows).
    var queryString: String {
        PercentEncoding.query([("from", from), ("to", to), ("counterparty", counterparty), ("number", number),
                               ("record", record), ("event", event), ("outcome", outcome)])
    }

    private static func contains(_ text: String?, _ part: String) -> Bool {
        guard let text else { return false }
        return text.range(of: part, options: [.caseInsensitive, .diacriticInsensitive]) != nil
    }

    /// Midnight starting `text`'s day in the zone (or the next day's, for an inclusive end).
    private mutating func day(_ text: String, name: String, timeZone: TimeZone, next: Bool = false) -> Date? {
        guard !text.isEmpty else { return nil }
        let fields = text.split(separator: "-").compactMap { Int($0) }
        guard text.utf8.count == 10, Timestamp.parse(text) != nil, fields.count == 3 else {
            problems.append("\(name): expected a date as YYYY-MM-DD, got “\(text.prefix(40))”.")
            return nil
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard let start = calendar.date(from: DateComponents(year: fields[0], month: fields[1], day: fields[2])) else {
            problems.append("\(name): expected a date as YYYY-MM-DD, got “\(text.prefix(40))”.")
            return nil
        }
        return next ? calendar.date(byAdding: .day, value: 1, to: start) : start
    }

    private static func isToken(_ text: String) -> Bool {
        text.utf8.count <= 32 && text.utf8.allSatisfy { (0x61...0x7A).contains($0) || $0 == UInt8(ascii: "_") }
    }
}

private extension String {
    var trimmingWhitespace: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
