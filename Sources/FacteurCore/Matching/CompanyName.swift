/// A company name normalised for comparison (pennylane.md §3.3).
///
/// The steps, in order: fold accents and uppercase; `&` becomes `ET`; apostrophes are deleted
/// without a space ("L'Oréal" → "LOREAL"); other punctuation becomes a space; runs of single
/// letters are glued ("S.à r.l." → "SARL", "A.C.M.E. S.A.S." → "ACME SAS"); abbreviations are
/// expanded (STE, ETS, NLE, CIE); legal forms, abbreviated or spelled out ("Société à
/// responsabilité limitée"), are split out into ``legalForms``; stop-words are dropped, and so are
/// a civility title at the start ("Mme") and a country word after a brand ("… France"). Text
/// that is UTF-8 read as Latin-1 ("SociÃ©tÃ©") is repaired first. What remains is ``tokens``, in
/// their original order.
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
    /// A country word that followed the brand ("FRANCE" in "Leroy Merlin France SA"): not part of
    /// ``tokens``, but two different ones ("Google Ireland" / "Google France") are two subsidiaries.
    public let countryQualifier: String?
    /// Every word, articles and legal forms included, for telling a label cut inside an article
    /// ("TRANSPORTS CARON E") from the full name ("TRANSPORTS CARON ET FILS").
    public let allWords: String

    /// Normalises a name.
    /// - Parameter text: the name as printed or typed (untrusted).
    public init(_ text: String) {
        original = text
        var tokens: [String] = []
        var forms: [String] = []
        let words = Self.gluedTokens(LatinFolding.fold(Mojibake.repaired(text))).map { Self.abbreviations[$0] ?? $0 }
        allWords = words.joined(separator: " ")
        var index = 0
        var countryAfterPreposition = false
        while index < words.count {
            if let (form, length) = Self.spelledLegalForm(words, at: index) {
                forms.append(form)
                index += length
                continue
            }
            let word = words[index]
            index += 1
            if let form = Self.legalFormTokens[word] {
                forms.append(form)
            } else if !Self.stopWords.contains(word) {
                tokens.append(word)
                // "… de France" is part of a name ("Électricité de France"), "… France" a subsidiary's suffix.
                countryAfterPreposition = index >= 2 && Self.stopWords.contains(words[index - 2]) && Self.countryWords.contains(word)
            } else if index == words.count, !tokens.isEmpty {
                // A name does not end on an article: this is a word cut by a fixed-width label ("PEPINIERES LA").
                tokens.append(word)
            }
        }
        // A civility title opens a person's name ("Mme Claire Dubois"); it names nobody.
        while tokens.count > 1, Self.civilityTitles.contains(tokens[0]) { tokens.removeFirst() }
        // A country after a brand ("LEROY MERLIN FRANCE") says where, not who — unless the brand
        // alone would be too short to identify anyone ("AIR FRANCE").
        var qualifier: String?
        if tokens.count > 1, !countryAfterPreposition, let last = tokens.last, Self.countryWords.contains(last),
           tokens.dropLast().joined().count >= 4 {
            tokens.removeLast()
            qualifier = Self.countryAliases[last] ?? last
        }
        countryQualifier = qualifier
        self.tokens = tokens
        legalForms = forms
    }

    /// A legal form spelled out in words ("SOCIETE A RESPONSABILITE LIMITEE" → SARL) starting at
    /// `index`, and how many words it spans.
    static func spelledLegalForm(_ words: [String], at index: Int) -> (String, Int)? {
        for (phrase, form) in spelledLegalForms where index + phrase.count <= words.count {
            if Array(words[index..<(index + phrase.count)]) == phrase { return (form, phrase.count) }
        }
        return nil
    }

    /// Legal forms spelled out, longest first so "… SIMPLIFIEE UNIPERSONNELLE" wins over "… SIMPLIFIEE".
    static let spelledLegalForms: [([String], String)] = [
        (["SOCIETE", "PAR", "ACTIONS", "SIMPLIFIEE", "UNIPERSONNELLE"], "SASU"),
        (["ENTREPRISE", "UNIPERSONNELLE", "A", "RESPONSABILITE", "LIMITEE"], "EURL"),
        (["SOCIETE", "A", "RESPONSABILITE", "LIMITEE", "UNIPERSONNELLE"], "EURL"),
        (["SOCIETE", "PAR", "ACTIONS", "SIMPLIFIEE"], "SAS"),
        (["SOCIETE", "A", "RESPONSABILITE", "LIMITEE"], "SARL"),
        (["SOCIETE", "EN", "NOM", "COLLECTIF"], "SNC"),
        (["SOCIETE", "CIVILE", "IMMOBILIERE"], "SCI"),
        (["SOCIETE", "CIVILE", "PROFESSIONNELLE"], "SCP"),
        (["ENTREPRISE", "INDIVIDUELLE"], "EI"),
        (["SOCIETE", "ANONYME"], "SA"),
        (["SOCIETE", "EUROPEENNE"], "SE"),
    ]

    /// Civility titles dropped at the start of a name.
    static let civilityTitles: Set<String> = ["M", "MR", "MME", "MLLE", "MM", "MMES", "MONSIEUR", "MADAME", "MADEMOISELLE",
                                              "MRS", "MS", "MISS", "DR", "DOCTEUR", "MAITRE", "ME"]

    /// Spellings of one country, so "FR" and "FRANCE" qualify the same subsidiary.
    static let countryAliases: [String: String] = ["FR": "FRANCE", "UK": "UNITED KINGDOM", "GERMANY": "DEUTSCHLAND",
                                                   "BELGIUM": "BELGIQUE", "SPAIN": "ESPANA", "ITALY": "ITALIA",
                                                   "SWITZERLAND": "SUISSE"]

    /// Country words dropped at the end of a name.
    static let countryWords: Set<String> = ["FRANCE", "FR", "EUROPE", "EU", "DEUTSCHLAND", "GERMANY", "BELGIQUE", "BELGIUM",
                                            "ESPANA", "SPAIN", "ITALIA", "ITALY", "UK", "IRELAND", "LUXEMBOURG", "NEDERLAND",
                                            "SUISSE", "SWITZERLAND", "BENELUX"]

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
