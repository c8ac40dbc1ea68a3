import HTTPTypes
import Hummingbird
import Logging

/// `GET /settings` (the form) and `POST /settings` (save, all or nothing).
///
/// A refused form is shown again with what was typed and each field's error beside it (422); a
/// saved one says which keys changed.
struct SettingsController: Sendable {
    let logger: Logger

    func addRoutes(to router: Router<WebRequestContext>, at prefix: String,
                   scope: @escaping @Sendable (WebRequestContext) throws -> WorkspaceScope) {
        router.get("\(prefix)/settings") { request, context in try await form(request, try scope(context)) }
        router.post("\(prefix)/settings") { request, context in try await save(request, try scope(context)) }
    }

    func form(_ request: Request, _ scope: WorkspaceScope) async throws -> Response {
        let renderer = scope.renderer
        let fields = try await readFields(scope.actions)
        let display = renderer.display(for: request)
        return renderer.page("settings", title: display.strings.settingsTitle, path: "/settings",
                             content: SettingsContent(fields: fields, display: display), request: request)
    }

    func save(_ request: Request, _ scope: WorkspaceScope) async throws -> Response {
        let actions = scope.actions, renderer = scope.renderer
        let form = try await FormFields.body(of: request)
        try renderer.csrf.verify(request, form: form)
        let fields = try await readFields(actions)
        let display = renderer.display(for: request)
        let t = display.strings
        var values: [String: String] = [:]
        // Only the submitted fields: a field missing from the form is left as it is, never cleared.
        for field in fields where field.inactiveBecause == nil { if let value = form[field.key] { values[field.key] = value } }
        let outcome: SettingsOutcome
        do {
            outcome = try await actions.saveSettings(values)
        } catch {
            logger.error("saving settings failed", metadata: ["error": "\(error)"])
            throw WebError(.badRequest, "The settings could not be saved: \(OneLine.of(error))")
        }
        switch outcome {
        case .invalid(let errors):
            let unplaced = errors.filter { key, _ in !fields.contains { $0.key == key } }.map { "\($0.key): \($0.value)" }.sorted()
            let summary = ([t.notSavedFix] + unplaced).joined(separator: " ")
            return renderer.page("settings", title: t.settingsTitle, path: "/settings",
                                 content: SettingsContent(fields: fields, submitted: values, errors: errors, display: display),
                                 request: request,
                                 status: .unprocessableContent, error: summary)
        case .saved(let changed):
            logger.notice("settings saved from the web page", metadata: ["workspace": "\(scope.id)", "changed": "\(changed.joined(separator: ","))"])
            // The language may just have changed: the confirmation page speaks the new one.
            let after = renderer.display(for: request)
            return renderer.page("settings", title: after.strings.settingsTitle, path: "/settings",
                                 content: SettingsContent(fields: try await readFields(actions), display: after), request: request,
                                 notice: changed.isEmpty ? after.strings.savedNothingChanged
                                     : Strings.fill(after.strings.savedChanged, changed.joined(separator: ", ")))
        }
    }

    private func readFields(_ actions: WebActions) async throws -> [SettingField] {
        do {
            return try await actions.settings()
        } catch {
            logger.error("reading settings failed", metadata: ["error": "\(error)"])
            throw WebError(.badRequest, "The settings cannot be read right now: \(OneLine.of(error))")
        }
    }
}
