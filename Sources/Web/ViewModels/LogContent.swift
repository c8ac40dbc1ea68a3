import Store

/// The mail log page's view model: the filter form and the newest matching rows.
struct LogContent {
    struct Row {
        let seq: Int64
        let at: String
        let event: String
        let outcome: String
        let outboxID: String
        let recordType: String
        let recordID: String
        let recipient: String
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
    static let knownEvents = ["enqueued", "attempt", "recovered", "resend", "held"]
    /// The outcomes the log writes (outbox states), offered in the filter.
    static let knownOutcomes = ["queued", "sending", "sent", "deferred", "failed", "held", "unknown"]

    let from: String
    let to: String
    let record: String
    let events: [Option]
    let outcomes: [Option]
    let rows: [Row]
    let matching: Int
    let truncatedNote: String?
    let csvHref: String

    /// - Parameters:
    ///   - filter: The filters as submitted.
    ///   - entries: The matching rows, oldest first.
    ///   - seenEvents: Events present in the date range (offered even if not among the known ones).
    ///   - seenOutcomes: Outcomes present in the date range.
    ///   - limit: How many rows to show.
    init(filter: LogFilter, entries: [MailLogEntry], seenEvents: Set<String>, seenOutcomes: Set<String>, limit: Int) {
        from = filter.from
        to = filter.to
        record = filter.record
        events = Self.options(Self.knownEvents, seen: seenEvents, selected: filter.event)
        outcomes = Self.options(Self.knownOutcomes, seen: seenOutcomes, selected: filter.outcome)
        matching = entries.count
        rows = entries.reversed().prefix(limit).map { entry in
            Row(seq: entry.seq, at: DisplayTime.format(entry.at), event: entry.event, outcome: entry.outcome ?? "",
                outboxID: entry.outboxID.map { "#\($0)" } ?? "", recordType: entry.recordType ?? "",
                recordID: entry.recordID ?? "", recipient: entry.recipient ?? "",
                text: [entry.reply, entry.detail].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: " — "),
                possibleDuplicate: entry.possibleDuplicate)
        }
        truncatedNote = entries.count > limit
            ? "Showing the newest \(limit) of \(entries.count) matching rows; narrow the filters, or download the CSV, which has them all."
            : nil
        let query = filter.queryString
        csvHref = query.isEmpty ? "/log.csv" : "/log.csv?\(query)"
    }

    private static func options(_ known: [String], seen: Set<String>, selected: String) -> [Option] {
        var values = known
        values += seen.subtracting(known).sorted()
        if !selected.isEmpty, !values.contains(selected) { values.append(selected) }
        return [Option(value: "", label: "any", selected: selected.isEmpty)]
            + values.map { Option(value: $0, label: $0, selected: $0 == selected) }
    }
}
