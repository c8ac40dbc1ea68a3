import FoundationEssentials

/// Reads a FEC export (as Pennylane and most French accounting software write it) from its text.
///
/// - The first line is the header; it must name the 18 standard columns (``standardColumns``,
///   compared without regard to case, in any order; extra columns are ignored).
/// - The separator is a tab or a pipe `|`, whichever the header uses.
/// - Dates are `YYYYMMDD`; amounts use a comma (or a dot) as the decimal separator, no
///   thousands separator; an empty `Debit` or `Credit` is zero.
/// - A UTF-8 byte-order mark, CRLF or LF line ends and blank lines are accepted.
///
/// Pure: the caller reads the file and decodes it (FEC files are often ISO-8859-15 or
/// Windows-1252 rather than UTF-8; decode accordingly before calling).
public enum FECParser {
    /// The field separator of a file.
    public enum Separator: Character, Sendable {
        /// `\t` (the usual one).
        case tab = "\t"
        /// `|`.
        case pipe = "|"
    }

    /// The 18 columns every FEC has, in their standard order.
    public static let standardColumns = [
        "JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib", "CompAuxNum",
        "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit", "EcritureLet", "DateLet",
        "ValidDate", "Montantdevise", "Idevise",
    ]

    /// Parses a whole file.
    /// - Parameter text: The file's text.
    /// - Returns: The entries in file order.
    /// - Throws: ``FECParseError`` naming the line and column of the first problem.
    public static func parse(_ text: String) throws(FECParseError) -> [FECEntry] {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        if let first = lines.first, first.first == "\u{FEFF}" { lines[0] = first.dropFirst() }
        guard let header = lines.first, !header.allSatisfy(\.isWhitespace) else {
            throw FECParseError(.empty, line: 1, "the file is empty")
        }
        let (separator, columns) = try readHeader(header)
        var entries: [FECEntry] = []
        for (index, line) in lines.enumerated().dropFirst() where !line.allSatisfy(\.isWhitespace) {
            entries.append(try readEntry(line, number: index + 1, separator: separator, columns: columns))
        }
        return entries
    }

    /// The separator a header line uses: a tab when it has one, else a pipe; nil for neither.
    public static func separator(ofHeader header: some StringProtocol) -> Separator? {
        if header.contains("\t") { return .tab }
        if header.contains("|") { return .pipe }
        return nil
    }

    /// The separator and the position of each standard column.
    private static func readHeader(_ header: Substring) throws(FECParseError) -> (Separator, [String: Int]) {
        guard let separator = separator(ofHeader: header) else {
            throw FECParseError(.header, line: 1, "the header is neither tab- nor pipe-separated")
        }
        let names = header.split(separator: separator.rawValue, omittingEmptySubsequences: false)
            .map { $0.trimmedSpaces.lowercased() }
        var columns: [String: Int] = [:]
        for name in standardColumns {
            if let position = names.firstIndex(of: name.lowercased()) { columns[name] = position }
        }
        let missing = standardColumns.filter { columns[$0] == nil }
        guard missing.isEmpty else {
            throw FECParseError(.header, line: 1, "the header lacks the standard column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", "))")
        }
        return (separator, columns)
    }

    private static func readEntry(_ line: Substring, number: Int, separator: Separator,
                                  columns: [String: Int]) throws(FECParseError) -> FECEntry {
        let fields = line.split(separator: separator.rawValue, omittingEmptySubsequences: false)
        let needed = (columns.values.max() ?? 0) + 1
        guard fields.count >= needed else {
            throw FECParseError(.fieldCount, line: number, "\(fields.count) fields where the header has \(needed)")
        }
        let row = Row(fields: fields, columns: columns, line: number)
        return FECEntry(
            journalCode: try row.required("JournalCode"), journalLabel: row.text("JournalLib"),
            entryNumber: try row.required("EcritureNum"), entryDate: try row.requiredDate("EcritureDate"),
            accountNumber: try row.required("CompteNum"), accountLabel: row.text("CompteLib"),
            auxiliaryAccountNumber: row.optional("CompAuxNum"), auxiliaryAccountLabel: row.optional("CompAuxLib"),
            pieceReference: row.text("PieceRef"), pieceDate: try row.date("PieceDate"), label: row.text("EcritureLib"),
            debit: try row.amount("Debit") ?? 0, credit: try row.amount("Credit") ?? 0,
            letteringCode: row.optional("EcritureLet"), letteringDate: try row.date("DateLet"),
            validationDate: try row.date("ValidDate"), currencyAmount: try row.amount("Montantdevise"),
            currency: row.optional("Idevise"), line: number)
    }

    /// One line's fields, read by standard column name.
    private struct Row {
        let fields: [Substring]
        let columns: [String: Int]
        let line: Int

        func text(_ column: String) -> String {
            columns[column].map { fields[$0].trimmedSpaces } ?? ""
        }

        func optional(_ column: String) -> String? {
            let value = text(column)
            return value.isEmpty ? nil : value
        }

        func required(_ column: String) throws(FECParseError) -> String {
            guard let value = optional(column) else { throw FECParseError(.missingValue, line: line, column: column, "is empty") }
            return value
        }

        func date(_ column: String) throws(FECParseError) -> LedgerDate? {
            guard let value = optional(column) else { return nil }
            guard let date = LedgerDate(fec: value) else {
                throw FECParseError(.date, line: line, column: column, "\(value.debugDescription) is not a YYYYMMDD date")
            }
            return date
        }

        func requiredDate(_ column: String) throws(FECParseError) -> LedgerDate {
            guard let date = try date(column) else { throw FECParseError(.missingValue, line: line, column: column, "is empty") }
            return date
        }

        func amount(_ column: String) throws(FECParseError) -> Decimal? {
            guard let value = optional(column) else { return nil }
            guard let amount = LedgerAmount.parse(value) else {
                throw FECParseError(.amount, line: line, column: column, "\(value.debugDescription) is not an amount")
            }
            return amount
        }
    }
}

extension Substring {
    /// Without leading and trailing spaces (FoundationEssentials has no `trimmingCharacters`).
    fileprivate var trimmedSpaces: String {
        var text = self
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
