/// What every page template sees: the layout's data (title, navigation, CSRF token, flash lines)
/// around the page's own ``content``.
///
/// Templates reach the layout fields from inside any section through Mustache's context stack, so a
/// form deep in a list can still write `{{csrf}}`. swift-mustache treats a nil optional as absent
/// and keeps climbing the stack, so view models never reuse these names for their own optionals.
struct Page<Content> {
    /// One navigation link.
    struct NavigationItem {
        let label: String
        let href: String
        let current: Bool
    }

    let title: String
    let navigation: [NavigationItem]
    /// The token for every form's hidden `csrf` field.
    let csrf: String
    /// Whether to offer the logout button (login required and logged in).
    let showLogout: Bool
    /// A line confirming what was just done.
    let flash: String?
    /// A line saying what went wrong.
    let alert: String?
    /// The page's language, for `<html lang>`.
    let lang: String
    /// The catalogue of fixed texts in that language (`{{t.retry}}`).
    let t: Strings
    let content: Content

    static func navigation(current path: String, strings: Strings) -> [NavigationItem] {
        [(strings.navStatus, "/"), (strings.navLog, "/log"), (strings.navSettings, "/settings")].map {
            NavigationItem(label: $0.0, href: $0.1, current: $0.1 == path)
        }
    }
}

/// The content of the one-line message page (errors, refusals).
struct MessageContent {
    let message: String
}

/// The login form's content: the page to return to after logging in.
struct LoginContent {
    /// A local path (``LoginAccess/safeNext(_:)``), or nil for the status page.
    let next: String?
    /// The page's texts in the reader's language.
    let labels: LoginStrings
}
