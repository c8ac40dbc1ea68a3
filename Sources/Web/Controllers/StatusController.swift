import FacteurCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Store

/// `GET /` (the status page) and `POST /retry` (the Retry buttons), under a workspace's prefix.
///
/// A retry answers with a 303 redirect to `<prefix>/?notice=…&sig=…`; the notice is signed so that
/// a link crafted elsewhere cannot make the status page display text Facteur did not write.
struct StatusController: Sendable {
    let notices: Signer
    let logger: Logger

    func addRoutes(to router: Router<WebRequestContext>, at prefix: String,
                   scope: @escaping @Sendable (WebRequestContext) throws -> WorkspaceScope) {
        router.get(RouterPath(prefix.isEmpty ? "/" : prefix)) { request, context in try await status(request, try scope(context)) }
        router.post("\(prefix)/retry") { request, context in try await retry(request, try scope(context)) }
    }

    func status(_ request: Request, _ scope: WorkspaceScope) async throws -> Response {
        let actions = scope.actions, renderer = scope.renderer
        let query = FormFields(query: request)
        var notice: String?
        if let text = query["notice"], let signature = query["sig"], notices.verify("\(scope.id)\n\(text)", signature: signature) {
            notice = text
        }
        let report: HealthReport
        do {
            report = try await actions.health()
        } catch {
            logger.error("the status page cannot read the health report", metadata: ["error": "\(error)"])
            throw WebError(.badRequest, "The status cannot be read right now: \(OneLine.of(error))")
        }
        let display = renderer.display(for: request)
        return renderer.page("status", title: display.strings.statusTitle, path: "/",
                             content: StatusContent(report, display: display), request: request, notice: notice)
    }

    func retry(_ request: Request, _ scope: WorkspaceScope) async throws -> Response {
        let actions = scope.actions, renderer = scope.renderer
        let form = try await FormFields.body(of: request)
        try renderer.csrf.verify(request, form: form)
        guard let target = form["target"], !target.isEmpty, target.utf8.count <= 300 else {
            throw WebError(.badRequest, "No record to retry was given.")
        }
        let line: String
        do {
            line = OneLine.of(try await actions.retry(target))
        } catch let error as StoreError where error.code == .notFound {
            throw WebError(.notFound, OneLine.of(error))
        } catch let error as StoreError where error.code != .invalidState {
            logger.error("retry failed", metadata: ["target": "\(target)", "error": "\(error)"])
            throw WebError(.badRequest, "The retry could not be recorded; the server log has the details.")
        } catch let error as WebError {
            throw error
        } catch {
            throw WebError(.badRequest, OneLine.of(error))
        }
        logger.notice("retry requested from the web page", metadata: ["workspace": "\(scope.id)", "target": "\(target)"])
        let query = PercentEncoding.query([("notice", line), ("sig", notices.sign("\(scope.id)\n\(line)"))])
        return Response.redirect(to: "\(scope.statusPath)?\(query)", type: .normal)
    }
}
