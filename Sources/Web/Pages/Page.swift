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
    /// The prefix of the workspace's pages (`/w/acme`, or empty when `/` is its status page), for
    /// every link and form action (`{{base}}/retry`).
    let base: String
    /// Where the workspace's forms post (`/w/acme`), always under the workspace's name, even when
    /// its pages are at `/`: a tab left open while the gateway's workspaces changed posts to the
    /// workspace it was showing (or gets a 404), never to whichever workspace `/` serves now.
    let actionBase: String
    /// The workspace the page belongs to, named when the gateway serves several.
    let workspaceName: String?

    /// The navigation: the overview first when there is one, then the workspace's pages.
    /// - Parameters:
    ///   - path: The page's path within its workspace (`/`, `/log`, `/settings`), marked current.
    ///   - base: The workspace's prefix.
    ///   - overview: The overview link's label, when the gateway serves several workspaces.
    static func navigation(current path: String, strings: Strings, base: String = "", overview: String? = nil)
        -> [NavigationItem] {
        var items = overview.map { [NavigationItem(label: $0, href: "/", current: base.isEmpty && path == "/")] } ?? []
        // A gateway page (the overview, an error) of a gateway with several workspaces: no workspace to link to.
        if overview != nil && base.isEmpty { return items }
        items += [(strings.navStatus, "/"), (strings.navLog, "/log"), (strings.navSettings, "/settings")].map {
            NavigationItem(label: $0.0, href: base.isEmpty ? $0.1 : base + $0.1, current: $0.1 == path)
        }
        return items
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
