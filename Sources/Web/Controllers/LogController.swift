import FacteurCore
import HTTPTypes
import Hummingbird
import Logging
import Store

/// `GET /log` (the mail log, newest first, filtered, at most ``rowLimit`` rows) and `GET /log.csv`
/// (every matching row, oldest first as in `facteur audit`, as a download).
struct LogController: Sendable {
    /// The most rows the page shows.
    static let rowLimit = 200

    let log: MailLog
    let renderer: PageRenderer

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get("/log") { request, _ in try page(request) }
        router.get("/log.csv") { request, _ in try csv(request) }
    }

    func page(_ request: Request) throws -> Response {
        let filter = LogFilter(query: FormFields(query: request))
        guard filter.problems.isEmpty else {
            let content = LogContent(filter: filter, entries: [], seenEvents: [], seenOutcomes: [], limit: Self.rowLimit)
            return renderer.page("log", title: "Mail log", path: "/log", content: content, request: request,
                                 status: .badRequest, error: filter.problems.joined(separator: " "))
        }
        let inRange = try log.entries(since: filter.since, until: filter.until)
        let content = LogContent(filter: filter, entries: inRange.filter(filter.matches),
                                 seenEvents: Set(inRange.map(\.event)), seenOutcomes: Set(inRange.compactMap(\.outcome)),
                                 limit: Self.rowLimit)
        return renderer.page("log", title: "Mail log", path: "/log", content: content, request: request)
    }

    func csv(_ request: Request) throws -> Response {
        let filter = LogFilter(query: FormFields(query: request))
        guard filter.problems.isEmpty else { throw WebError(.badRequest, filter.problems.joined(separator: " ")) }
        let entries = try log.entries(since: filter.since, until: filter.until).filter(filter.matches)
        return Response(status: .ok,
                        headers: [.contentType: "text/csv; charset=utf-8",
                                  .contentDisposition: "attachment; filename=\"facteur-mail-log.csv\""],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: MailLogEntry.csv(entries))))
    }
}
