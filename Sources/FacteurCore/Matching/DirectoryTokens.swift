/// How many directory entries use each name token, for the rare-token bonus (F5).
struct DirectoryTokens: Sendable {
    private var counts: [String: Int] = [:]
    private var entryCount = 0

    /// Words too common to identify anyone, whatever their frequency in a small directory:
    /// geography and generic company vocabulary ("AMAZON EU" and "AMAZON WEB SERVICES EMEA" share only
    /// AMAZON, which is what should count).
    static let commonWords: Set<String> = [
        "FRANCE", "FRANCAISE", "PARIS", "LYON", "MARSEILLE", "EU", "EUROPE", "EMEA", "INTERNATIONAL", "GROUP",
        "GROUPE", "HOLDING", "SERVICE", "SERVICES", "SOCIETE", "COMPAGNIE", "ETABLISSEMENTS", "NOUVELLE",
        "SOLUTIONS", "CONSEIL", "CONSULTING", "DISTRIBUTION", "COMMERCE", "GESTION", "IRELAND", "LUXEMBOURG",
        "DEUTSCHLAND", "NEDERLAND", "BUSINESS", "COMPANY", "GLOBAL", "TECHNOLOGIES", "SYSTEMS",
    ]

    /// Counts the tokens of every entry's names, once per entry id: a learned alias recorded beside
    /// its Pennylane entry is the same company, and must not make that company's own words look common.
    init(_ entries: [(id: String, identity: PartyIdentity)]) {
        var tokensByID: [String: Set<String>] = [:]
        for (id, identity) in entries { tokensByID[id, default: []].formUnion(identity.name?.tokens ?? []) }
        entryCount = tokensByID.count
        for tokens in tokensByID.values {
            for token in tokens { counts[token, default: 0] += 1 }
        }
    }

    /// The first shared token (in the directory name's order) used by at most the rare share of
    /// entries, or by one entry only in a directory too small for a share to mean anything.
    func rareSharedToken(_ observed: CompanyName, _ entry: CompanyName, weights: MatchingWeights) -> String? {
        let limit = max(1, Int(weights.rareTokenFrequency * Double(entryCount)))
        let observedTokens = Set(observed.tokens)
        return entry.tokens.first { token in
            observedTokens.contains(token) && token.unicodeScalars.count >= 3 && !Self.commonWords.contains(token)
                && (counts[token] ?? 0) <= limit
        }
    }

    /// Whether an entry shares any token with a name (blocking).
    func sharesToken(_ observed: CompanyName, _ entry: CompanyName) -> Bool {
        !Set(observed.tokens).isDisjoint(with: entry.tokens)
    }
}
