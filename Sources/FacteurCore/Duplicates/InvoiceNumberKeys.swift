/// Comparison keys of an invoice number, so that the ways one number gets written by different
/// people and systems compare equal: case, separators (`/ - . _` and spaces), a leading word
/// ("Facture", "N°", "INV", "Invoice", "No") and zero padding inside a group of digits.
///
/// A number yields two keys; two numbers are the same when any key agrees:
/// - ``compact``: letters and digits only ("F/2025/0142" → "F20250142"), which survives a
///   separator dropped altogether;
/// - ``grouped``: the groups with leading zeros removed from each digit group
///   ("F-2025-0142" → "F|2025|142"), which survives padding.
///
/// ```swift
/// InvoiceNumberKeys("Facture N° F-2025-0142")?.matches(InvoiceNumberKeys("F 2025/142")!)  // true
/// ```
public struct InvoiceNumberKeys: Hashable, Sendable {
    /// Letters and digits only, upper case, the leading word removed.
    public let compact: String
    /// The groups (runs of letters, runs of digits) joined by `|`, leading zeros dropped in digit groups.
    public let grouped: String

    /// Words printed before a number that are not part of it.
    static let prefixWords: Set<String> = ["FACTURE", "FACT", "INVOICE", "INV", "N", "NO", "NUM", "NUMERO", "REF", "REFERENCE"]

    /// Parses a number as printed; `nil` when no digit is left (a number without digits identifies nothing).
    public init?(_ text: String) {
        let folded = LatinFolding.fold(text)
        // Split into groups of letters and of digits; anything else separates.
        var groups: [String] = []
        var current = "", currentIsDigit = false
        for scalar in folded.unicodeScalars {
            let isDigit = ("0"..."9").contains(scalar)
            let isLetter = ("A"..."Z").contains(scalar)
            if isDigit || isLetter {
                if !current.isEmpty && isDigit != currentIsDigit { groups.append(current); current = "" }
                current.unicodeScalars.append(scalar)
                currentIsDigit = isDigit
            } else if !current.isEmpty {
                groups.append(current); current = ""
            }
        }
        if !current.isEmpty { groups.append(current) }
        // Leading words ("FACTURE N° …") go, but never the last group.
        while groups.count > 1, Self.prefixWords.contains(groups[0]) { groups.removeFirst() }
        guard groups.contains(where: { $0.unicodeScalars.first.map { ("0"..."9").contains($0) } ?? false }) else { return nil }
        compact = groups.joined()
        grouped = groups.map { group in
            guard group.unicodeScalars.first.map({ ("0"..."9").contains($0) }) == true else { return group }
            let trimmed = group.drop { $0 == "0" }
            return trimmed.isEmpty ? "0" : String(trimmed)
        }.joined(separator: "|")
    }

    /// Whether two numbers are the same invoice number written differently.
    public func matches(_ other: InvoiceNumberKeys) -> Bool {
        compact == other.compact || grouped == other.grouped
    }
}
