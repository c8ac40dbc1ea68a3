/// Whether a short name is the acronym of a longer one ("EDF" / "Électricité de France",
/// "SFR" / "Société Française du Radiotéléphone").
///
/// An acronym is the initials of every word of the name, or of every word but the articles and
/// prepositions (de, du, des, la, le, les, et); an elided article ("l'Ouest") counts as the word
/// it is attached to. Legal forms are left out. Only a single token of two to six letters can be
/// an acronym, and the name it abbreviates must have at least two words.
enum Acronym {
    private static let minor: Set<String> = ["DE", "DU", "DES", "LA", "LE", "LES", "ET", "EN", "AU", "AUX"]

    /// The candidate initials of a name (every word; without minor words).
    static func initials(of text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for scalar in LatinFolding.fold(text).unicodeScalars {
            if scalar.properties.isAlphabetic { current.unicodeScalars.append(scalar) } else if !current.isEmpty {
                words.append(current); current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        // Elided articles ("L", "D" before an apostrophe) and legal forms are not words of the name.
        words = words.filter { !($0 == "L" || $0 == "D") && CompanyName.legalFormTokens[$0] == nil }
        guard words.count >= 2 else { return [] }
        let all = String(words.compactMap(\.first))
        let major = String(words.filter { !minor.contains($0) }.compactMap(\.first))
        return all == major ? [all] : [all, major]
    }

    /// Whether `short` (a one-token name) is an acronym of `long`.
    static func abbreviates(_ short: CompanyName, _ long: CompanyName) -> Bool {
        guard short.tokens.count == 1, let token = short.tokens.first, (2...6).contains(token.count),
              token.allSatisfy(\.isLetter) else { return false }
        return initials(of: long.original).contains(token)
    }
}
