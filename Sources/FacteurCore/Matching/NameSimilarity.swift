/// String similarity measures for normalised company names, on a 0…1 scale.
///
/// ``indelRatio(_:_:)`` is rapidfuzz's `ratio`: 1 − Indel distance / total length, where the Indel
/// distance counts insertions and deletions only. ``tokenSetRatio(_:_:)`` is `token_set_ratio`,
/// which returns 1 whenever one token set contains the other — the subset trap ("ORANGE" vs
/// "ORANGE BUSINESS SERVICES" → 1.0) — so it is only ever used together with a ratio floor.
public enum NameSimilarity {
    /// The normalised Indel similarity of two strings: 2 × LCS / (|a| + |b|); 1 for two empty strings.
    public static func indelRatio(_ a: String, _ b: String) -> Double {
        let left = Array(a.unicodeScalars), right = Array(b.unicodeScalars)
        let total = left.count + right.count
        guard total > 0 else { return 1 }
        return Double(2 * longestCommonSubsequence(left, right)) / Double(total)
    }

    /// The Indel ratio of the two names' tokens, each sorted alphabetically (word order ignored).
    public static func tokenSortRatio(_ a: CompanyName, _ b: CompanyName) -> Double {
        indelRatio(a.tokens.sorted().joined(separator: " "), b.tokens.sorted().joined(separator: " "))
    }

    /// The token-set ratio of two names: 1 when one token set contains the other, otherwise the
    /// best ratio among the shared tokens and each side's shared-plus-own tokens.
    public static func tokenSetRatio(_ a: CompanyName, _ b: CompanyName) -> Double {
        let left = Set(a.tokens), right = Set(b.tokens)
        guard !left.isEmpty, !right.isEmpty else { return 0 }
        let shared = left.intersection(right).sorted().joined(separator: " ")
        let onlyLeft = left.subtracting(right).sorted().joined(separator: " ")
        let onlyRight = right.subtracting(left).sorted().joined(separator: " ")
        if !shared.isEmpty && (onlyLeft.isEmpty || onlyRight.isEmpty) { return 1 }
        func joined(_ parts: String...) -> String { parts.filter { !$0.isEmpty }.joined(separator: " ") }
        let withLeft = joined(shared, onlyLeft), withRight = joined(shared, onlyRight)
        var best = indelRatio(withLeft, withRight)
        if !shared.isEmpty {
            best = max(best, indelRatio(shared, withLeft), indelRatio(shared, withRight))
        }
        return best
    }

    /// Compares two normalised names with every measure the scoring model uses.
    public static func compare(_ a: CompanyName, _ b: CompanyName) -> NameComparison {
        NameComparison(
            isExact: !a.isEmpty && !b.isEmpty && (a.normalized == b.normalized || a.tokens.sorted() == b.tokens.sorted()
                || umlautsSpelledOut(a) == b.normalized || a.normalized == umlautsSpelledOut(b))
                && (a.countryQualifier == nil || b.countryQualifier == nil || a.countryQualifier == b.countryQualifier),
            ratio: a.tokens.count == b.tokens.count
                ? max(indelRatio(a.normalized, b.normalized), tokenSortRatio(a, b))
                : indelRatio(a.normalized, b.normalized),
            tokenSetRatio: tokenSetRatio(a, b),
            isTruncation: isTruncation(a.normalized, b.normalized) || isTruncation(a.allWords, b.allWords))
    }

    /// Whether the shorter name is the longer one cut inside a word, as bank and card networks cut
    /// counterparty labels to a fixed field length ("EPICERIE FINE GILB" / "EPICERIE FINE GILBERT").
    ///
    /// A cut at a word boundary does not count: "TRANSPORTS GARNIER" is a genuine, shorter name beside
    /// "TRANSPORTS GARNIER FRERES" (the subset trap). The kept part must be at least 8 characters.
    public static func isTruncation(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.count <= b.unicodeScalars.count ? isCut(a, of: b) : isCut(b, of: a)
    }

    /// Whether `short` is `long` cut inside a word (``isTruncation(_:_:)`` with the cut side known),
    /// on the normalised names or on all their words.
    public static func isCut(_ short: CompanyName, of long: CompanyName) -> Bool {
        isCut(short.normalized, of: long.normalized) || isCut(short.allWords, of: long.allWords)
    }

    /// Whether `short` is `long` cut inside a word, at least 8 characters kept.
    static func isCut(_ short: String, of long: String) -> Bool {
        let shortScalars = Array(short.unicodeScalars), longScalars = Array(long.unicodeScalars)
        guard shortScalars.count >= 8, shortScalars.count < longScalars.count,
              longScalars.starts(with: shortScalars) else { return false }
        return longScalars[shortScalars.count] != " "
    }

    /// The normalised name with its real umlauts spelled out (ä → AE, ö → OE, ü → UE, ß → SS),
    /// read on the original text, as "Mueller" spells "Müller"; `normalized` when it has none. An E
    /// after A, O or U in another name is a letter of that name ("BLUE" is not "BLU").
    static func umlautsSpelledOut(_ name: CompanyName) -> String {
        let text = Mojibake.repaired(name.original)
        let spellings: [Character: String] = ["ä": "ae", "Ä": "AE", "ö": "oe", "Ö": "OE", "ü": "ue", "Ü": "UE", "ß": "ss"]
        guard text.contains(where: { spellings[$0] != nil }) else { return name.normalized }
        return CompanyName(text.map { spellings[$0] ?? String($0) }.joined()).normalized
    }

    /// A name with German umlaut transliterations collapsed (AE, OE, UE → A, O, U), so "MUELLER" and
    /// "MÜLLER" (folded to "MULLER") compare equal.
    static func transliterated(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar == "E", let last = result.unicodeScalars.last, last == "A" || last == "O" || last == "U" { continue }
            result.unicodeScalars.append(scalar)
        }
        return result
    }

    /// Whether two names could be taken for one another, so that a match on one is not unique: the
    /// same or nearly the same name (one letter apart), one name's words inside the other's ("GROUPE
    /// VASSEUR" / "GROUPE VASSEUR TRANSPORTS"), or the same first two words (companies of one group).
    public static func isConfusable(_ a: CompanyName, _ b: CompanyName?) -> Bool {
        guard let b, !a.isEmpty, !b.isEmpty else { return false }
        let comparison = compare(a, b)
        if comparison.isExact || comparison.isTruncation || comparison.ratio >= 0.9 { return true }
        let left = Set(a.tokens), right = Set(b.tokens)
        if left.isSubset(of: right) || right.isSubset(of: left) { return true }
        return a.tokens.count >= 2 && b.tokens.count >= 2 && a.tokens.prefix(2) == b.tokens.prefix(2)
    }

    /// Length of the longest common subsequence, with two rolling rows.
    static func longestCommonSubsequence(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        var previous = [Int](repeating: 0, count: b.count + 1)
        var current = previous
        for i in 1...a.count {
            for j in 1...b.count {
                current[j] = a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : max(previous[j], current[j - 1])
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

/// How two normalised names compare.
public struct NameComparison: Hashable, Sendable {
    /// Whether the normalised names are identical (and not empty).
    public var isExact: Bool
    /// The Indel ratio. For names with as many words as each other it takes the better of the names
    /// as written and with their words sorted, so word order ("PLOMBERIE MARTIN" / "MARTIN
    /// PLOMBERIE") is not held against a pair; with different word counts sorting would help a short
    /// name hide inside a longer one (the subset trap), so the names are compared as written.
    public var ratio: Double
    /// The token-set ratio (1 for a subset; see ``NameSimilarity/tokenSetRatio(_:_:)``).
    public var tokenSetRatio: Double
    /// Whether one name is the other cut inside a word (see ``NameSimilarity/isTruncation(_:_:)``).
    public var isTruncation: Bool

    /// Creates a comparison.
    public init(isExact: Bool, ratio: Double, tokenSetRatio: Double, isTruncation: Bool = false) {
        self.isExact = isExact
        self.ratio = ratio
        self.tokenSetRatio = tokenSetRatio
        self.isTruncation = isTruncation
    }
}
