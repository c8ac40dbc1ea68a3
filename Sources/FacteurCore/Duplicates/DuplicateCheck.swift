import FoundationEssentials

/// Decides whether an invoice the matcher would forward is one the books or Facteur already hold,
/// or one the company turned down in Qonto; one pure check shared by `facteur sync`, the daemon
/// and `facteur bench-matching`.
///
/// In order, an invoice is held when:
/// 1. Qonto says it was rejected or discarded (``MatchResult/HoldReason/rejectedInQonto``);
/// 2. Qonto flags it `has_duplicates` (``MatchResult/HoldReason/flaggedDuplicateByQonto``);
/// 3. Facteur already forwarded the same file, or the same number for the same counterparty
///    (``MatchResult/HoldReason/alreadyForwarded``);
/// 4. the ledger holds, for the same counterparty (or an entry of the same company:
///    ``entries(sameCompanyAs:in:)``), an invoice
///    of the same kind with the same number (``InvoiceNumberKeys``; for a FEC line also a number in
///    its label) and the same amount or a date within ``sameNumberDays`` (a due date is often
///    booked as the date; numbering that restarts each year reuses numbers), or — when either side has no
///    number — the same amount within ``dedupDays`` days (``MatchResult/HoldReason/alreadyBooked``).
///
/// Not duplicates: the same amount with another number (two deliveries in one week), a credit
/// note equal to a booked invoice, the same amount in another month (a subscription).
public struct DuplicateCheck: Sendable {
    /// Invoices in the ledger (Pennylane mirror, FEC import).
    public var ledger: [BookedInvoice]
    /// Records Facteur already forwarded.
    public var earlier: [InvoiceEvidence]
    /// Days either side of the date in which the same amount, without a number, is a duplicate.
    public var dedupDays: Int

    /// Creates a check.
    public init(ledger: [BookedInvoice] = [], earlier: [InvoiceEvidence] = [], dedupDays: Int = 3) {
        self.ledger = ledger
        self.earlier = earlier
        self.dedupDays = dedupDays
    }

    /// Statuses under which the company turned an invoice down in Qonto.
    public static let refusedStatuses: Set<String> = ["rejected", "discarded"]

    /// Applies the check to a matcher result: a forward becomes a hold with the typed reason and a
    /// line naming what it duplicates; a matcher hold stays as it is, except that an invoice
    /// rejected or discarded in Qonto is always held with that reason.
    /// - Parameters:
    ///   - result: the matcher's result for `invoice`.
    ///   - invoice: the invoice.
    ///   - directory: the directory the matcher used, to find entries sharing identifiers.
    public func screen(_ result: MatchResult, invoice: InvoiceEvidence, directory: [Counterparty]) -> MatchResult {
        // Turned down in Qonto says more than any matching doubt: that reason wins over a matcher hold.
        if let status = invoice.status, Self.refusedStatuses.contains(status), result.holdReason != .rejectedInQonto {
            var held = result
            held.decision = .hold
            held.holdReason = .rejectedInQonto
            held.explanation = "held: \(status) in Qonto — \(result.explanation)"
            return held
        }
        guard result.decision == .forward else { return result }
        let ids = result.counterparty.map { Self.entries(sameCompanyAs: $0, in: directory) } ?? []
        guard let (reason, line) = finding(for: invoice, counterpartyIDs: ids) else { return result }
        var held = result
        held.decision = .hold
        held.holdReason = reason
        held.explanation = "held: \(line) — \(result.explanation)"
        return held
    }

    /// The first reason the invoice must not go through, and one line naming what it duplicates.
    public func finding(for invoice: InvoiceEvidence, counterpartyIDs: Set<String>) -> (MatchResult.HoldReason, String)? {
        if let status = invoice.status, Self.refusedStatuses.contains(status) {
            return (.rejectedInQonto, "\(status) in Qonto")
        }
        if invoice.hasDuplicates {
            return (.flaggedDuplicateByQonto, "Qonto flags this record as having duplicates")
        }
        let keys = invoice.invoiceNumber.flatMap(InvoiceNumberKeys.init)
        let identity = PartyIdentity(invoice)
        for record in earlier where record.recordID != invoice.recordID {
            if let mine = invoice.fileSHA256, !mine.isEmpty, mine == record.fileSHA256 {
                return (.alreadyForwarded, "same file as record \(record.recordID), already forwarded")
            }
            if let keys, let theirs = record.invoiceNumber.flatMap(InvoiceNumberKeys.init), keys.matches(theirs),
               record.isCreditNote == invoice.isCreditNote, Self.sameParty(identity, PartyIdentity(record)),
               Self.sameDocument(invoice.amount, invoice.issueDate, record.amount, record.issueDate) {
                return (.alreadyForwarded, "number \(record.invoiceNumber!) already forwarded as record \(record.recordID)")
            }
        }
        let day = invoice.issueDate.flatMap(CalendarDay.init)
        for booked in ledger {
            guard let id = booked.counterpartyID, counterpartyIDs.contains(id), booked.isCreditNote == invoice.isCreditNote else { continue }
            let where_ = "\(booked.isEInvoice ? "e-invoice in " : "")\(booked.source) \(booked.sourceRef)"
            let theirs = booked.invoiceNumber.flatMap(InvoiceNumberKeys.init)
            if let keys {
                // A FEC PieceRef is often the journal's own piece number; the supplier's then sits in the label.
                let number = theirs.flatMap { keys.matches($0) ? booked.invoiceNumber : nil }
                    ?? (booked.source == "fec" ? Self.numbers(in: booked.label).first { keys.matches($0.keys) }?.text : nil)
                if let number {
                    // Numbering that restarts each year reuses a number: the same number is the same
                    // invoice only with the same amount or within about a year.
                    if Self.sameDocument(invoice.amount, invoice.issueDate, booked.amount, booked.date) {
                        return (.alreadyBooked, "likely already in the ledger: \(where_) (number \(number), \(booked.date ?? "no date"))")
                    }
                    continue
                }
                if theirs != nil { continue }  // two numbers that differ: the same amount is not by itself a duplicate
            }
            if let amount = invoice.amount, amount == booked.amount, let day,
               let bookedDay = booked.date.flatMap(CalendarDay.init), abs(bookedDay.dayNumber - day.dayNumber) <= dedupDays {
                return (.alreadyBooked, "likely already in the ledger: \(where_) (same amount, \(booked.date!), no number to compare)")
            }
        }
        return nil
    }

    /// Days apart beyond which the same number with another amount is taken for a reused number
    /// (numbering restarted with the year), not for the same invoice.
    public static let sameNumberDays = 366

    /// Whether two documents bearing the same number are the same one: the same amount, or dates
    /// within ``sameNumberDays`` (a due date booked as the date stays a duplicate); when a date is
    /// missing nothing tells a reused number apart, so the number decides.
    static func sameDocument(_ amount: Decimal?, _ date: String?, _ otherAmount: Decimal?, _ otherDate: String?) -> Bool {
        if let amount, amount == otherAmount { return true }
        guard let day = date.flatMap(CalendarDay.init), let other = otherDate.flatMap(CalendarDay.init) else { return true }
        return abs(day.dayNumber - other.dayNumber) <= sameNumberDays
    }

    /// Invoice numbers written in a label ("LUMIERE FACT F2026-0142", "ORANGE FC 88412 MARS"): each
    /// word with a digit, alone or with the word before it.
    static func numbers(in label: String?) -> [(text: String, keys: InvoiceNumberKeys)] {
        let words = (label ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        var found: [(text: String, keys: InvoiceNumberKeys)] = []
        for (index, word) in words.enumerated() where word.contains(where: \.isNumber) {
            if let keys = InvoiceNumberKeys(word) { found.append((word, keys)) }
            if index > 0, let keys = InvoiceNumberKeys(words[index - 1] + " " + word) { found.append((words[index - 1] + " " + word, keys)) }
        }
        return found
    }

    /// The directory entries under which the books may hold `entry`'s invoices: itself, entries
    /// sharing a SIREN or VAT number, and entries with the same name after normalisation unless
    /// their identifiers differ — the books often hold a supplier twice, in Pennylane with its
    /// SIREN and as a FEC account with a name only.
    public static func entries(sameCompanyAs entry: Counterparty, in directory: [Counterparty]) -> Set<String> {
        var ids: Set<String> = [entry.id]
        let identity = PartyIdentity(entry)
        for other in directory where other.id != entry.id {
            if sameCompany(other, entry) { ids.insert(other.id); continue }
            let theirs = PartyIdentity(other)
            guard let name = identity.name, let otherName = theirs.name, NameSimilarity.compare(name, otherName).isExact else { continue }
            if let x = identity.siren, let y = theirs.siren, x != y { continue }
            if let x = identity.vatWithoutSIREN, let y = theirs.vatWithoutSIREN, x != y { continue }
            ids.insert(other.id)
        }
        return ids
    }

    /// Whether two directory entries are the same company (a SIREN, SIRET or VAT number in common).
    public static func sameCompany(_ a: Counterparty, _ b: Counterparty) -> Bool {
        let left = PartyIdentity(a), right = PartyIdentity(b)
        if let x = left.siren, x == right.siren { return true }
        if let x = left.vatWithoutSIREN, x == right.vatWithoutSIREN { return true }
        return false
    }

    /// Whether two invoices name the same counterparty: a SIREN or foreign VAT number in common, or,
    /// when neither carries one, the same normalised name.
    static func sameParty(_ a: PartyIdentity, _ b: PartyIdentity) -> Bool {
        if let x = a.siren, let y = b.siren { return x == y }
        if let x = a.vatWithoutSIREN, let y = b.vatWithoutSIREN { return x == y }
        if let x = a.name, let y = b.name { return x.normalized == y.normalized }
        return false
    }
}
