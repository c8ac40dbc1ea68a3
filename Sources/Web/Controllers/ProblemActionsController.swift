import FacteurCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Store

/// `POST /release` (send a message held for review as it is), `POST /dismiss` (set a problem aside
/// as not an invoice, with a reason) and `POST /undismiss` (undo that), the status page's actions
/// besides Retry.
///
/// Each goes through the same CSRF check as Retry and answers, like it, with a 303 to the status
/// page carrying a signed notice in the reader's language.
struct ProblemActionsController: Sendable {
    let notices: Signer
    let logger: Logger

    func addRoutes(to router: Router<WebRequestContext>, at prefix: String,
                   scope: @escaping @Sendable (WebRequestContext) throws -> WorkspaceScope) {
        router.post("\(prefix)/release") { request, context in try await release(request, try scope(context)) }
        router.post("\(prefix)/dismiss") { request, context in try await dismiss(request, try scope(context)) }
        router.post("\(prefix)/undismiss") { request, context in try await undismiss(request, try scope(context)) }
    }

    func release(_ request: Request, _ scope: WorkspaceScope) async throws -> Response {
        let actions = scope.actions, renderer = scope.renderer
        let form = try await FormFields.body(of: request)
        try renderer.csrf.verify(request, form: form)
        let target = try Self.target(form)
        let id = try await run("release", target, scope) { try await actions.release(target) }
        let strings = renderer.display(for: request).strings
        return redirect(Strings.fill(strings.noticeReleased, String(id)), to: scope)
    }

    func dismiss(_ request: Request, _ scope: WorkspaceScope) async throws -> Response {
        let actions = scope.actions, renderer = scope.renderer
        let form = try await FormFields.body(of: request)
        try renderer.csrf.verify(request, form: form)
        let target = try Self.target(form)
        let reason = form["reason"] ?? ""
        let record = try await run("dismiss", target, scope) { try await actions.dismiss(target, reason) }
        let strings = renderer.display(for: request).strings
        return redirect(Strings.fill(strings.noticeDismissed, "\(strings.recordTypeName(record.recordType)) \(record.recordID)"), to: scope)
    }

    func undismiss(_ request: Request, _ scope: WorkspaceScope) async throws -> Response {
        let actions = scope.actions, renderer = scope.renderer
        let form = try await FormFields.body(of: request)
        try renderer.csrf.verify(request, form: form)
        guard let text = form["dismissal"], let id = Int64(text), id > 0 else {
            throw WebError(.badRequest, "No dismissal to undo was given.")
        }
        let record = try await run("undo dismiss", "dismissal:\(id)", scope) { try await actions.undoDismiss(id) }
        let strings = renderer.display(for: request).strings
        return redirect(Strings.fill(strings.noticeUndone, "\(strings.recordTypeName(record.recordType)) \(record.recordID)"), to: scope)
    }

    private static func target(_ form: FormFields) throws -> String {
        guard let target = form["target"], !target.isEmpty, target.utf8.count <= 300 else {
            throw WebError(.badRequest, "No record was given.")
        }
        return target
    }

    /// Runs an action, turning its errors into one line for the page (store failures are logged,
    /// not shown).
    private func run<T>(_ name: String, _ target: String, _ scope: WorkspaceScope, _ body: () async throws -> T) async throws -> T {
        let result: T
        do {
            result = try await body()
        } catch let error as StoreError where error.code == .notFound {
            throw WebError(.notFound, OneLine.of(error))
        } catch let error as StoreError where error.code != .invalidState {
            logger.error("\(name) failed", metadata: ["target": "\(target)", "error": "\(error)"])
            throw WebError(.badRequest, "The \(name) could not be recorded; the server log has the details.")
        } catch let error as WebError {
            throw error
        } catch {
            throw WebError(.badRequest, OneLine.of(error))
        }
        logger.notice("\(name) requested from the web page", metadata: ["workspace": "\(scope.id)", "target": "\(target)"])
        return result
    }

    private func redirect(_ line: String, to scope: WorkspaceScope) -> Response {
        let line = OneLine.of(line)
        let query = PercentEncoding.query([("notice", line), ("sig", notices.sign("\(scope.id)\n\(line)"))])
        return Response.redirect(to: "\(scope.statusPath)?\(query)", type: .normal)
    }
}
