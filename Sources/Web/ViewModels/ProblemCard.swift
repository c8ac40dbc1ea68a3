import FacteurCore
import Foundation

/// One waiting (or dismissed) problem as the status page shows it: the invoice a bookkeeper
/// recognises (counterparty, number, amount, date, file), why it waits, and the action that fits.
struct ProblemCard {
    struct Fact {
        let label: String
        let value: String
        /// Shown in a monospace, wrapping span (server replies, identifiers).
        let mono: Bool
        /// A link for the value (only http(s), never `javascript:` or the like).
        let href: String?
        /// Spans the card's whole width (sentences: the reason, the reply, the decision).
        let wide: Bool
    }

    let heading: String
    /// The invoice number, kept on one line after the heading.
    let headingNumber: String?
    /// ` — ` between a name and the number, empty when there is no name.
    let headingSeparator: String
    let kind: String
    let state: String
    let stateLabel: String
    let since: String
    let facts: [Fact]
    let target: String
    let retryRequested: Bool
    let offersRetry: Bool
    /// Retry is offered but is not what usually fits (the document is not an invoice).
    let retryIsSecondary: Bool
    let offersRelease: Bool
    /// The dismiss form is shown open (Dismiss is the action that fits).
    let dismissOpen: Bool
    /// A unique suffix for the dismiss form's field ids.
    let formID: String
    let dismissalID: String?
    let dismissedLine: String?

    init(_ problem: Problem, index: Int, display: Display) {
        let t = display.strings, format = display.formatting
        let invoice = problem.facts
        kind = t.recordTypeName(problem.recordType)
        let name = invoice.counterpartyName?.isEmpty == false ? invoice.counterpartyName : nil
        let number = invoice.invoiceNumber?.isEmpty == false ? invoice.invoiceNumber : nil
        // A document without counterparty or number (a Document Review item) is known by its file.
        heading = name ?? (number == nil ? (invoice.fileName?.isEmpty == false ? invoice.fileName! : t.unknownInvoice) : "")
        headingSeparator = name == nil ? "" : " — "
        headingNumber = number.map { "\(display.language == .fr ? "n°" : "no.")\u{00A0}\($0)" }
        state = ["failed", "held", "unknown"].contains(problem.state) ? problem.state : "unknown"
        stateLabel = t.stateName(problem.state)
        since = "\(t.since) \(format.time(problem.since))"
        var facts: [Fact] = []
        func add(_ label: String, _ value: String?, mono: Bool = false, href: String? = nil, wide: Bool = false) {
            guard let value, !value.isEmpty else { return }
            facts.append(Fact(label: label, value: value, mono: mono, href: href, wide: wide))
        }
        add(problem.recordType == "client_invoice" ? t.client : t.supplier, name)
        add(t.invoiceNumber, number)
        add(t.amount, format.amount(invoice.amount, currency: invoice.currency))
        add(t.issueDate, format.day(invoice.issueDate))
        add(t.fileName, invoice.fileName, mono: true, wide: true)
        add(t.recipient, problem.recipient, mono: true, wide: true)
        let reply = problem.serverReply?.isEmpty == false ? problem.serverReply : nil
        add(t.reason, t.holdReason(Self.reason(problem.reason, without: reply, strings: t)), wide: true)
        add(t.serverReply, reply, mono: true, wide: true)
        if let explanation = problem.explanation, !explanation.isEmpty, !problem.reason.contains(explanation) {
            add(t.decision, explanation, wide: true)
        }
        let link = problem.qontoURL.hasPrefix("https://") || problem.qontoURL.hasPrefix("http://") ? problem.qontoURL : nil
        add(t.qontoID, problem.recordID, mono: true, href: link, wide: true)
        self.facts = facts
        target = problem.retryTarget
        retryRequested = problem.retryRequested
        offersRetry = problem.action != .release && !problem.retryRequested
        retryIsSecondary = problem.action == .dismiss
        offersRelease = problem.action == .release
        dismissOpen = problem.action == .dismiss && problem.dismissal == nil
        formID = "\(problem.dismissal == nil ? "w" : "d")\(index)"
        dismissalID = problem.dismissal.map { String($0.id) }
        dismissedLine = problem.dismissal.map { "\(t.dismissedOn) \(format.time($0.at)) — \($0.reason)" }
    }

    /// The reason without the server's reply in it (the reply has its own line).
    static func reason(_ reason: String, without reply: String?, strings: Strings) -> String {
        guard let reply, reason.contains(reply) else { return reason }
        let rest = reason.replacingOccurrences(of: reply, with: "")
            .trimmingCharacters(in: CharacterSet(charactersIn: " :;,—-\t"))
        return rest.isEmpty || rest == "rejected" ? strings.refusedByServer : rest
    }
}

