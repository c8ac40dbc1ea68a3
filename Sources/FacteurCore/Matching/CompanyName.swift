/// A company name normalised for comparison (pennylane.md §3.3).
///
/// The steps, in order: fold accents and uppercase; `&` becomes `ET`; apostrophes are deleted
/// without a space ("L'Oréal" → "LOREAL"); other punctuation becomes a space; runs of single
/// letters are glued ("S.à r.l." → "SARL", "A.C.M.E. S.A.S." → "ACME SAS"); abbreviations are
/// expanded (STE, ETS, NLE, CIE); legal forms are split out into ``legalForms``; stop-words are
/// dropped. What remains is ``tokens``, in their original order.
///
/// ```swift
/// let name = CompanyName("STE NLE DES ETS MARTIN S.A.R.L.")
/// name.normalized   // "SOCIETE NOUVELLE ETABLISSEMENTS MARTIN"
/// name.legalForms   // ["SARL"]
/// ```
public struct CompanyName: Hashable, Sendable, CustomStringConvertible {
    /// The name as given.
    public let original: String
    /// The distinctive tokens: no legal form, no stop-word.
    public let tokens: [String]
    /// The legal forms found in the name ("SAS", "SARL", "LTD", …), in order of appearance.
    public let legalForms: [String]

    /// Normalises a name.
    /// - Parameter text: the name as printed or typed (untrusted).
    public init(_ text: String) {
        original = text
        var tokens: [String] = []
        var forms: [String] = []
        for token in Self.gluedTokens(LatinFolding.fold(text)) {
            let expanded = Self.abbreviations[token] ?? token
            if let form = Self.legalFormTokens[expanded] {
                forms.append(form)
            } else if !Self.stopWords.contains(expanded) {
                tokens.append(expanded)
            }
        }
        self.tokens = tokens
        legalForms = forms
    }

    /// The distinctive tokens joined by single spaces ("SOCIETE GENERALE").
    public var normalized: String { tokens.joined(separator: " ") }

    /// Whether nothing distinctive remains (an empty name, or only a legal form and stop-words).
    public var isEmpty: Bool { tokens.isEmpty }

    /// The normalised form.
    public var description: String { normalized }

    // MARK: - Tables

    /// Abbreviations expanded to the word they stand for.
    static let abbreviations: [String: String] = [
        "STE": "SOCIETE", "ETS": "ETABLISSEMENTS", "NLE": "NOUVELLE", "CIE": "COMPAGNIE",
    ]

    /// Legal-form tokens and their canonical spelling (LIMITED → LTD).
    static let legalFormTokens: [String: String] = {
        let forms = ["SAS", "SASU", "SARL", "EURL", "SA", "SNC", "SCS", "SCA", "SE", "SCI", "SCP", "SCM",
                     "SELARL", "SELAS", "SELAFA", "SCOP", "GIE", "EI", "EIRL", "GMBH", "LTD", "INC", "LLC",
                     "BV", "NV", "AG", "SPA", "SRL", "SL", "PLC"]
        var table = Dictionary(uniqueKeysWithValues: forms.map { ($0, $0) })
        table["LIMITED"] = "LTD"
        return table
    }()

    /// Words that carry no identity.
    static let stopWords: Set<String> = ["DE", "DU", "DES", "LA", "LE", "LES", "L", "D", "ET", "THE", "OF", "AND"]

    // MARK: - Tokenising

    /// Splits folded text into tokens, deleting apostrophes, turning `&` into `ET` and other
    /// punctuation into separators, and gluing runs of single letters.
    ///
    /// Two passes keep "A.C.M.E. S.A.S." apart as ACME + SAS: first, single letters joined only by
    /// dots or only by spaces are glued, and a dot followed by a space ends the run; then any
    /// remaining run of single letters ("S. A. R. L.") is glued.
    static func gluedTokens(_ folded: String) -> [String] {
        var words: [(text: String, breaksBefore: Bool)] = []
        var current = ""
        var sawDot = false, sawSpace = false, sawOther = false
        func flush() {
            guard !current.isEmpty else { return }
            words.append((current, (sawDot && sawSpace) || sawOther))
            current = ""
            sawDot = false; sawSpace = false; sawOther = false
        }
        for scalar in folded.unicodeScalars {
            if apostrophes.contains(scalar) { continue }
            if scalar == "&" {
                flush(); sawOther = true
                current = "ET"; flush(); sawOther = true
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.unicodeScalars.append(scalar)
            } else {
                flush()
                if scalar == "." { sawDot = true } else if scalar.properties.isWhitespace { sawSpace = true } else { sawOther = true }
            }
        }
        flush()

        func isSingleLetter(_ word: String) -> Bool {
            word.unicodeScalars.count == 1 && word.unicodeScalars.first!.properties.isAlphabetic
        }
        func glue(_ words: [(text: String, breaksBefore: Bool)], respectingBreaks: Bool) -> [(text: String, breaksBefore: Bool)] {
            var result: [(text: String, breaksBefore: Bool)] = []
            var run: (text: String, breaksBefore: Bool, count: Int)?
            for word in words {
                if isSingleLetter(word.text), let open = run, !(respectingBreaks && word.breaksBefore) {
                    run = (open.text + word.text, open.breaksBefore, open.count + 1)
                    continue
                }
                if let open = run { result.append((open.text, open.breaksBefore)) }
                run = isSingleLetter(word.text) ? (word.text, word.breaksBefore, 1) : nil
                if run == nil { result.append(word) }
            }
            if let open = run { result.append((open.text, open.breaksBefore)) }
            return result
        }
        return glue(glue(words, respectingBreaks: true), respectingBreaks: false).map(\.text)
    }

    /// Apostrophes deleted without a space: ASCII, right single quote, modifier letter apostrophe,
    /// left single quote, grave and acute accents used as apostrophes.
    private static let apostrophes: Set<Unicode.Scalar> = ["'", "\u{2019}", "\u{02BC}", "\u{2018}", "`", "\u{00B4}"]
}
