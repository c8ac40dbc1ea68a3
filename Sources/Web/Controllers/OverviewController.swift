import FacteurCore
import Foundation
import Hummingbird
import Logging

/// `GET /` of a gateway serving several workspaces: the overview, one card per workspace, worst
/// first, each leading to its status page under `/w/<id>/`.
struct OverviewController: Sendable {
    let gateway: WebGateway
    let renderer: PageRenderer
    let logger: Logger

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get("/") { request, _ in try await overview(request) }
    }

    func overview(_ request: Request) async throws -> Response {
        let now = Date()
        let rows: [WorkspaceOverviewRow]
        do {
            rows = try await gateway.overview(now)
        } catch {
            logger.error("the overview cannot read the workspaces", metadata: ["error": "\(error)"])
            throw WebError(.badRequest, "The overview cannot be read right now: \(OneLine.of(error))")
        }
        let display = renderer.display(for: request)
        let strings = OverviewStrings.forLanguage(display.language)
        return renderer.page("overview", title: strings.title, path: "/", content: OverviewContent(rows, now: now, display: display),
                             request: request)
    }
}
