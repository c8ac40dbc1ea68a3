import HTTPTypes
import Hummingbird
import Logging

/// `GET /settings` (the form) and `POST /settings` (save, all or nothing).
///
/// A refused form is shown again with what was typed and each field's error beside it (422); a
/// saved one says which keys changed.
struct SettingsController: Sendable {
    let actions: WebActions
    let renderer: PageRenderer
    let logger: Logger

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get("/settings") { request, _ in try await form(request) }
        router.post("/settings") { request, _ in try await save(request) }
    }

    func form(_ request: Request) async throws -> Response {
        let fields = try await readFields()
        return renderer.page("settings", title: "Settings", path: "/settings", content: SettingsContent(fields: fields),
                             request: request)
    }

    func save(_ request: Request) async throws -> Response {
        let form = try await FormFields.body(of: request)
        try renderer.csrf.verify(request, form: form)
        let fields = try await readFields()
        var values: [String: String] = [:]
        // Only the submitted fields: a field missing from the form is left as it is, never cleared.
        for field in fields { if let value = form[field.key] { values[field.key] = value } }
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
            let summary = (["Nothing was saved: correct the fields marked below."] + unplaced).joined(separator: " ")
            return renderer.page("settings", title: "Settings", path: "/settings",
                                 content: SettingsContent(fields: fields, submitted: values, errors: errors), request: request,
                                 status: .unprocessableContent, error: summary)
        case .saved(let changed):
            logger.notice("settings saved from the web page", metadata: ["changed": "\(changed.joined(separator: ","))"])
            let notice = changed.isEmpty ? "Saved; nothing changed."
                : "Saved. Changed: \(changed.joined(separator: ", ")). They take effect at the next window."
            return renderer.page("settings", title: "Settings", path: "/settings",
                                 content: SettingsContent(fields: try await readFields()), request: request, notice: notice)
        }
    }

    private func readFields() async throws -> [SettingField] {
        do {
            return try await actions.settings()
        } catch {
            logger.error("reading settings failed", metadata: ["error": "\(error)"])
            throw WebError(.badRequest, "The settings cannot be read right now: \(OneLine.of(error))")
        }
    }
}
