import MIME

/// What a new message for an already-sent invoice replaces, and what changed: carried as
/// `In-Reply-To`/`References` (the earlier Message-ID) and as one line of the French body, so the
/// accountant reading both mails knows which one counts and why.
public struct InvoiceReplacement: Sendable, Hashable {
    /// One difference between the earlier version and this one.
    public enum Change: Sendable, Hashable {
        /// The total, each as "1234.56 EUR" (nil when unknown).
        case amount(from: String?, to: String?)
        /// The invoice number.
        case number(from: String?, to: String?)
        /// The counterparty's name.
        case counterparty(from: String?, to: String?)
        /// The file (its bytes changed), with the original names when known.
        case file(from: String?, to: String?)
    }

    /// The earlier message's Message-ID, without brackets.
    public var messageID: String
    /// What changed, in a stable order (amount, number, counterparty, file); empty when the change
    /// is in a field not listed here.
    public var changes: [Change]

    /// Creates a replacement.
    public init(messageID: String, changes: [Change]) {
        self.messageID = messageID
        self.changes = changes
    }

    /// The changes between two versions' facts, in the stable order; equal values are not changes.
    /// - Parameters:
    ///   - before: The earlier version's amount, number, counterparty, file SHA-256 and file name.
    ///   - after: This version's.
    public static func changes(before: Facts, after: Facts) -> [Change] {
        var changes: [Change] = []
        if before.amount != after.amount { changes.append(.amount(from: before.amount, to: after.amount)) }
        if before.number != after.number { changes.append(.number(from: before.number, to: after.number)) }
        if before.counterparty != after.counterparty { changes.append(.counterparty(from: before.counterparty, to: after.counterparty)) }
        if before.fileSHA256 != after.fileSHA256 { changes.append(.file(from: before.fileName, to: after.fileName)) }
        return changes
    }

    /// The facts of one version that a replacement compares.
    public struct Facts: Sendable, Hashable {
        /// The total with its currency ("1234.56 EUR").
        public var amount: String?
        /// The invoice number.
        public var number: String?
        /// The counterparty's name.
        public var counterparty: String?
        /// The file's SHA-256.
        public var fileSHA256: String?
        /// The file's original name.
        public var fileName: String?

        /// Creates the facts.
        public init(amount: String?, number: String?, counterparty: String?, fileSHA256: String?, fileName: String?) {
            self.amount = amount
            self.number = number
            self.counterparty = counterparty
            self.fileSHA256 = fileSHA256
            self.fileName = fileName
        }
    }

    /// One line in French for the mail body, e.g. "Mise à jour : ce message remplace l'envoi
    /// <qonto.…@facteur>. Ce qui a changé : montant 100.00 EUR → 120.00 EUR ; fichier remplacé
    /// (a.pdf → b.pdf)."
    public var sentence: String {
        var text = "Mise à jour : ce message remplace l'envoi <\(messageID)>."
        let parts = changes.map(Self.describe)
        text += parts.isEmpty ? " Les données de la facture ont changé dans Qonto."
            : " Ce qui a changé : " + parts.joined(separator: " ; ") + "."
        return text
    }

    private static func describe(_ change: Change) -> String {
        func value(_ text: String?) -> String { text.map { HeaderText.sanitize($0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "(aucun)" }
        switch change {
        case .amount(let from, let to): return "montant \(value(from)) → \(value(to))"
        case .number(let from, let to): return "numéro \(value(from)) → \(value(to))"
        case .counterparty(let from, let to): return "tiers \(value(from)) → \(value(to))"
        case .file(let from, let to):
            return from == nil && to == nil ? "fichier remplacé" : "fichier remplacé (\(value(from)) → \(value(to)))"
        }
    }
}
