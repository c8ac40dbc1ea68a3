import HTTPTypes
import Hummingbird

/// Everything a page needs to speak to one reader: the language (forced by `web_language`, else
/// the browser's `Accept-Language`), its catalogue, and the formatting of times in `time_zone`.
struct Display: Sendable {
    let language: Language
    let strings: Strings
    let timeZone: String

    init(language: Language, timeZone: String) {
        self.language = language
        strings = .forLanguage(language)
        self.timeZone = timeZone
    }

    /// The display for a request under these preferences.
    init(request: Request, preferences: PagePreferences) {
        let header = request.headers[.acceptLanguage]
        self.init(language: preferences.language ?? Language.negotiate(header), timeZone: preferences.timeZone)
    }

    var formatting: Formatting { Formatting(language: language, timeZone: timeZone) }
}
