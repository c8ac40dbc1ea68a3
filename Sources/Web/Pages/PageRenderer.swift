import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// Renders the Mustache templates of `templates/web` into HTML responses, and serves the stylesheet.
///
/// Templates are loaded once at startup; a missing or broken one stops the start with a clear
/// error rather than failing at the first request. Every value goes through `{{ }}`, which
/// HTML-escapes it; the templates never use `{{{ }}}`.
struct PageRenderer: Sendable {
    /// The templates every page needs (`<name>.mustache`).
    static let templateNames = ["header", "footer", "status", "log", "settings", "login", "message", "overview"]
    /// The stylesheet's file name in the templates folder, served at `/style.css`.
    static let stylesheetName = "style.css"

    let library: MustacheLibrary
    let stylesheet: String
    let csrf: CSRFProtection
    let session: SessionCookie
    let access: LoginAccess
    /// The language setting and time zone, read at each page (the settings page can change them).
    var preferences: @Sendable () -> PagePreferences = { PagePreferences() }
    /// The prefix of the workspace whose pages this renders (`/w/acme`), empty for `/`.
    var base = ""
    /// Where the workspace's forms post (``Page/actionBase``), empty for gateway pages.
    var actionBase = ""
    /// The workspace's name, shown when the gateway serves several.
    var workspaceName: String?
    /// Whether the gateway serves several workspaces (the navigation then leads to the overview).
    var servesOverview = false

    /// This renderer for one workspace's pages: its preferences, its prefix, its name.
    func scoped(base: String, actionBase: String, workspaceName: String?,
                preferences: @escaping @Sendable () -> PagePreferences) -> PageRenderer {
        var copy = self
        copy.base = base
        copy.actionBase = actionBase
        copy.workspaceName = workspaceName
        copy.preferences = preferences
        return copy
    }

    /// Loads and checks the templates and the stylesheet.
    /// - Throws: ``WebError`` `.templates` naming the missing or broken file.
    static func load(directory: String) async throws(WebError) -> (MustacheLibrary, String) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw WebError(.templates, "the web templates folder \(directory) does not exist")
        }
        let library: MustacheLibrary
        do {
            library = try await MustacheLibrary(directory: directory)
        } catch let error as MustacheLibrary.ParserError {
            throw WebError(.templates, "the web template \(directory)/\(error.filename) does not parse: \(error.error) "
                           + "(line \(error.context.lineNumber), column \(error.context.columnNumber))")
        } catch {
            throw WebError(.templates, "cannot read the web templates in \(directory): \(error)")
        }
        for name in templateNames where library.getTemplate(named: name) == nil {
            throw WebError(.templates, "the web template \(directory)/\(name).mustache is missing")
        }
        guard let data = FileManager.default.contents(atPath: "\(directory)/\(stylesheetName)"),
              let stylesheet = String(data: data, encoding: .utf8) else {
            throw WebError(.templates, "the stylesheet \(directory)/\(stylesheetName) is missing or not UTF-8")
        }
        return (library, stylesheet)
    }

    /// Renders a page.
    /// - Parameters:
    ///   - template: The page's template name.
    ///   - title: The page title.
    ///   - path: The navigation entry to mark current.
    ///   - content: The page's view model.
    ///   - request: The request (for the CSRF cookie and the session).
    ///   - status: The HTTP status.
    ///   - notice: A confirmation line.
    ///   - error: An error line.
    ///   - cookies: Cookies to set besides the CSRF one.
    func page<Content>(_ template: String, title: String, path: String, content: Content, request: Request,
                       status: HTTPResponse.Status = .ok, notice: String? = nil, error: String? = nil,
                       cookies: [Cookie] = [], loggedIn: Bool? = nil) -> Response {
        let (token, csrfCookie) = csrf.token(for: request)
        let showLogout: Bool
        if let loggedIn {
            showLogout = loggedIn
        } else if case .password(let hash) = access.state() {
            showLogout = session.isValid(request, now: Date(), passwordHash: hash)
        } else {
            showLogout = false
        }
        let display = self.display(for: request)
        let overview = servesOverview ? OverviewStrings.forLanguage(display.language).navOverview : nil
        let page = Page(title: title, navigation: Page<Content>.navigation(current: path, strings: display.strings, base: base,
                                                                           overview: overview),
                        csrf: token, showLogout: showLogout, flash: notice, alert: error, lang: display.language.rawValue,
                        t: display.strings, content: content, base: base, actionBase: actionBase, workspaceName: workspaceName)
        let html = library.render(page, withTemplate: template) ?? "Facteur: the page template \(template) is missing."
        var response = Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                                body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
        for cookie in cookies + [csrfCookie].compactMap({ $0 }) { response.setCookie(cookie) }
        return response
    }

    /// The language and formatting for this request.
    func display(for request: Request) -> Display {
        Display(request: request, preferences: preferences())
    }

    /// A one-line message page (errors and refusals).
    func message(_ text: String, title: String = "Facteur", status: HTTPResponse.Status, request: Request) -> Response {
        page("message", title: title, path: "", content: MessageContent(message: text), request: request, status: status)
    }

    /// The stylesheet response.
    func stylesheetResponse() -> Response {
        Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: stylesheet)))
    }
}
