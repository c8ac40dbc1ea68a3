import FacteurCore
import Foundation
import Store

/// The mail log page's filters, from its query string: `from` and `to` (`YYYY-MM-DD`, UTC days,
/// both inclusive), `record` (the Qonto ID contains this text, ignoring case), `event` and
/// `outcome` (exact values).
struct LogFilter {
    var from = ""
    var to = ""
    var record = ""
    var event = ""
    var outcome = ""
    /// The range passed to ``Store/MailLog/entries(since:until:)``.
    private(set) var since: Date?
    private(set) var until: Date?

    /// What was wrong with the query, one problem per entry; empty when the filters are valid.
    private(set) var problems: [String] = []

    init(query: FormFields) {
        from = (query["from"] ?? "").trimmingWhitespace
        to = (query["to"] ?? "").trimmingWhitespace
        record = (query["record"] ?? "").trimmingWhitespace
        event = (query["event"] ?? "").trimmingWhitespace
        outcome = (query["outcome"] ?? "").trimmingWhitespace
        since = day(from, name: "From")
        until = day(to, name: "To").map { $0.addingTimeInterval(86_400) }
        if let since, let until, since >= until { problems.append("From must not be after To.") }
        if record.count > 100 { problems.append("Qonto ID: at most 100 characters."); record = String(record.prefix(100)) }
        for (name, value) in [("Event", event), ("Outcome", outcome)] where !Self.isToken(value) {
            problems.append("\(name): letters and underscores only (for example `attempt` or `failed`).")
        }
    }

    /// Whether a row passes the record, event and outcome filters (the dates are applied by the query).
    func matches(_ entry: MailLogEntry) -> Bool {
        if !record.isEmpty, entry.recordID?.lowercased().contains(record.lowercased()) != true { return false }
        if !event.isEmpty, entry.event != event { return false }
        if !outcome.isEmpty, entry.outcome != outcome { return false }
        return true
    }

    /// The filters as a query string (for the CSV link).
    var queryString: String {
        PercentEncoding.query([("from", from), ("to", to), ("record", record), ("event", event), ("outcome", outcome)])
    }

    private mutating func day(_ text: String, name: String) -> Date? {
        guard !text.isEmpty else { return nil }
        guard text.utf8.count == 10, let date = Timestamp.parse(text) else {
            problems.append("\(name): expected a date as YYYY-MM-DD, got “\(text.prefix(40))”.")
            return nil
        }
        return date
    }

    private static func isToken(_ text: String) -> Bool {
        text.utf8.count <= 32 && text.utf8.allSatisfy { (0x61...0x7A).contains($0) || $0 == UInt8(ascii: "_") }
    }
}

private extension String {
    var trimmingWhitespace: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
