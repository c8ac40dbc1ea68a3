import FacteurCore
import Store

/// The mail log page's view model: the filter form and the newest matching rows, each with the
/// invoice it concerns (counterparty and number) when Facteur stored it.
struct LogContent {
    struct Row {
        let seq: Int64
        let at: String
        let event: String
        let outcome: String
        let outboxID: String
        let recordType: String
        let recordID: String
        let invoice: String?
        let recipient: String?
        let text: String
        let possibleDuplicate: Bool
    }

    struct Option {
        let value: String
        /// What the menu shows (`any` for the empty value).
        let label: String
        let selected: Bool
    }

    /// The events the log writes, offered in the filter.
    static let knownEvents = ["enqueued", "attempt", "recovered", "resend", "held", "retry", "dismissed", "undismissed"]
    /// The outcomes the log writes (outbox states), offered in the filter.
    static let knownOutcomes = ["queued", "sending", "sent", "deferred", "failed", "held", "unknown", "dismissed"]

    let from: String
    let to: String
    let counterparty: String
    let number: String
    let record: String
    let events: [Option]
    let outcomes: [Option]
    let rows: [Row]
    let matchingLine: String
    let timeZone: String
    let truncatedNote: String?
    let csvHref: String

    /// - Parameters:
    ///   - filter: The filters as submitted.
    ///   - entries: The matching rows, oldest first.
    ///   - facts: The invoices of (at least) the rows shown, by Qonto ID.
    ///   - seenEvents: Events present in the date range (offered even if not among the known ones).
    ///   - seenOutcomes: Outcomes present in the date range.
    ///   - limit: How many rows to show.
    ///   - display: The reader's language and time zone.
    init(filter: LogFilter, entries: [MailLogEntry], facts: [String: InvoiceFacts], seenEvents: Set<String>,
         seenOutcomes: Set<String>, limit: Int, display: Display, base: String = "") {
        let t = display.strings, format = display.formatting
        from = filter.from
        to = filter.to
        counterparty = filter.counterparty
        number = filter.number
        record = filter.record
        events = Self.options(Self.knownEvents, seen: seenEvents, selected: filter.event, any: t.any)
        outcomes = Self.options(Self.knownOutcomes, seen: seenOutcomes, selected: filter.outcome, any: t.any)
        matchingLine = t.rows(entries.count)
        timeZone = format.zoneName
        rows = entries.reversed().prefix(limit).map { entry in
            let invoice = entry.recordID.flatMap { facts[$0] }
            let name = [invoice?.counterpartyName, invoice?.invoiceNumber.map { "\(display.language == .fr ? "n°" : "no.") \($0)" }]
                .compactMap { $0 }.joined(separator: " — ")
            return Row(seq: entry.seq, at: format.time(entry.at), event: entry.event, outcome: entry.outcome ?? "",
                       outboxID: entry.outboxID.map { "#\($0)" } ?? "", recordType: entry.recordType.map { t.recordTypeName($0) } ?? "",
                       recordID: entry.recordID ?? "", invoice: name.isEmpty ? nil : name, recipient: entry.recipient?.isEmpty == false ? entry.recipient : nil,
                       text: [entry.reply, entry.detail].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: " — "),
                       possibleDuplicate: entry.possibleDuplicate)
        }
        truncatedNote = entries.count > limit ? t.showingNewest(limit, entries.count) : nil
        let query = filter.queryString
        csvHref = query.isEmpty ? "\(base)/log.csv" : "\(base)/log.csv?\(query)"
    }

    private static func options(_ known: [String], seen: Set<String>, selected: String, any: String) -> [Option] {
        var values = known
        values += seen.subtracting(known).sorted()
        if !selected.isEmpty, !values.contains(selected) { values.append(selected) }
        return [Option(value: "", label: any, selected: selected.isEmpty)]
            + values.map { Option(value: $0, label: $0, selected: $0 == selected) }
    }
}
