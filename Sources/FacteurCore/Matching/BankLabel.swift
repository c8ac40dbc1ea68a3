/// The counterparty name inside a bank transaction label, without the bank's own words.
///
/// Labels carry an operation prefix ("VIR SEPA", "VIR INST", "PRLV SEPA", "CB", "CARTE"), then the
/// name, then references, due dates, mandate ids, card numbers and dates ("REF 48213",
/// "ECH/120326", "CARTE 4974XXXXXXXX1234", "12/03"). None of that is a name, and counting it as one
/// turns a genuine payment into a name mismatch.
///
/// ```swift
/// BankLabel.counterpartyName("PRLV SEPA EDF ECH/120326")      // "EDF"
/// BankLabel.counterpartyName("CB LEROY MERLIN 12/03 CARTE 4974XXXXXXXX1234")  // "LEROY MERLIN"
/// BankLabel.counterpartyName("VIR SEPA EMIS /DE ACME SAS /MOTIF FACTURE 12")  // "ACME SAS"
/// ```
enum BankLabel {
    /// Operation words that open a label.
    static let prefixWords: Set<String> = [
        "VIR", "VIREMENT", "SEPA", "INST", "INSTANTANE", "RECU", "EMIS", "PRLV", "PRELEVEMENT", "PRELEV", "CB",
        "CARTE", "PAIEMENT", "PAIEMENTCB", "ACHAT", "FACTURE", "DE", "DU", "A", "EUROPEEN", "SCT", "SDD", "TIP",
        // connector words and the field tags that introduce the name ("/DE ACME", "/BENEF ACME")
        "VERS", "PAR", "POUR", "BENEF", "BENEFICIAIRE", "REMISE", "CHQ", "CHEQUE",
    ]
    /// Words after which the rest of a label is reference, not name.
    static let stopWords: Set<String> = [
        "REF", "REFERENCE", "ECH", "MOTIF", "MANDAT", "RUM", "ID", "CARTE", "FACT", "FACTURE", "NUM", "DATE", "LIB",
        "LIBELLE", "BENEF", "ORDRE", "COMMANDE", "CDE",
    ]

    /// The name part of a label; the label itself when nothing would be left.
    static func counterpartyName(_ label: String) -> String {
        // Words; a mark alone (":", "/") separates and is no word.
        let words = LatinFolding.fold(label).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
            .filter { $0.contains { $0.isLetter || $0.isNumber } }
        var start = 0
        while start < words.count - 1, isPrefix(words[start]) { start += 1 }
        var kept: [String] = []
        for (index, word) in words.enumerated().dropFirst(start) {
            let plain = bare(word)
            if !kept.isEmpty && (stopWords.contains(plain) || isReference(word)) { break }
            // "LE 12/03": the date of a card payment, not a name word.
            if !kept.isEmpty, plain == "LE", index + 1 < words.count, isReference(words[index + 1]) { break }
            if isReference(word) { continue }
            kept.append(word)
        }
        return kept.isEmpty ? label : kept.joined(separator: " ")
    }

    /// Whether a word is an operation word or a field tag: the whole word, its leading `/` and
    /// trailing marks aside, is one ("/DE", "VIR"; not "A2", a name's).
    private static func isPrefix(_ word: String) -> Bool {
        let plain = bare(word)
        return prefixWords.contains(plain) && word.drop { $0 == "/" }.allSatisfy { $0.isLetter || $0 == ":" || $0 == "." }
    }

    /// The word's letters after a leading field-tag `/` and before any other mark (`"/MOTIF"` →
    /// `"MOTIF"`, `"ECH/120326"` → `"ECH"`, `"REF:"` → `"REF"`).
    private static func bare(_ word: String) -> String {
        String(word.drop { $0 == "/" }.prefix { $0.isLetter })
    }

    /// A date, an amount, a card number or a reference: four digits or more, or digits with `/`,
    /// `*` or masked `X` runs.
    private static func isReference(_ word: String) -> Bool {
        let digits = word.filter(\.isNumber).count
        if digits >= 4 { return true }
        if digits >= 2 && word.contains(where: { $0 == "/" || $0 == "*" || $0 == ":" }) { return true }
        return word.contains("XXXX")
    }
}
