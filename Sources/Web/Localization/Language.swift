import Foundation

/// The languages the pages are written in.
public enum Language: String, Sendable, Hashable, CaseIterable {
    /// French (the users are French companies and their accountants).
    case fr
    /// English.
    case en

    /// The language a browser asks for: the first of its `Accept-Language` ranges, by quality,
    /// that is French or English. English when it names neither, or sends no header (scripts and
    /// `curl`, like the CLI); every browser a French bookkeeper uses sends `fr`.
    /// - Parameter header: The `Accept-Language` header, e.g. `en-GB,en;q=0.9,fr;q=0.8`.
    static func negotiate(_ header: String?) -> Language {
        guard let header else { return .en }
        var best: (language: Language, quality: Double)?
        for (index, item) in header.split(separator: ",").enumerated() {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first?.lowercased(), !tag.isEmpty else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            guard quality > 0, let language = Language(rawValue: primary) else { continue }
            // Earlier ranges win ties (browsers list in preference order).
            let adjusted = quality - Double(index) * 1e-6
            if best == nil || adjusted > best!.quality { best = (language, adjusted) }
        }
        return best?.language ?? .en
    }
}

/// How the pages present themselves: which language (or the browser's choice) and which time zone.
/// FacteurApp reads them from `web_language` and `time_zone` at each request.
public struct PagePreferences: Sendable, Hashable {
    /// The forced language, or nil to follow the browser's `Accept-Language`.
    public var language: Language?
    /// The IANA time zone the pages show times in (`Europe/Paris`).
    public var timeZone: String

    /// Creates preferences.
    /// - Parameters:
    ///   - language: A forced language, or nil for the browser's choice (default).
    ///   - timeZone: An IANA time zone identifier (default `Europe/Paris`).
    public init(language: Language? = nil, timeZone: String = "Europe/Paris") {
        self.language = language
        self.timeZone = timeZone
    }
}
