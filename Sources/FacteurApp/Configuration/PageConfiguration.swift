import Foundation
public import Web

/// How the web pages present themselves: `web_language` (auto, fr or en) and `time_zone`.
public struct PageConfiguration: Sendable, Hashable {
    /// The forced language, or nil for the browser's `Accept-Language` (`auto`).
    public var language: Language?
    /// The IANA time zone the pages show times in.
    public var timeZone: String

    /// What the pages receive.
    public var preferences: PagePreferences { PagePreferences(language: language, timeZone: timeZone) }

    static func parse(reader: ValueReader) throws(ConfigurationError) -> PageConfiguration {
        let languageText = (reader.string("web_language") ?? "auto").lowercased()
        let language: Language?
        switch languageText {
        case "auto": language = nil
        case "fr": language = .fr
        case "en": language = .en
        default: throw ConfigurationError(key: "web_language", "expected auto, fr or en")
        }
        let zone = reader.string("time_zone") ?? "Europe/Paris"
        // TimeZone accepts offsets like "GMT+1" too; only region names are meant (they follow summer time).
        guard zone.contains("/") || zone == "UTC", TimeZone(identifier: zone) != nil else {
            throw ConfigurationError(key: "time_zone", "not a known time zone; expected a name like Europe/Paris or UTC")
        }
        return PageConfiguration(language: language, timeZone: zone)
    }
}
