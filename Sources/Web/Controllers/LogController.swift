import FacteurCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Store

/// `GET /log` (the mail log, newest first, filtered, at most ``rowLimit`` rows) and `GET /log.csv`
/// (every matching row, oldest first as in `facteur audit`, as a download, with the same filters).
struct LogController: Sendable {
    /// The most rows the page shows.
    static let rowLimit = 200

    func addRoutes(to router: Router<WebRequestContext>, at prefix: String,
                   scope: @escaping @Sendable (WebRequestContext) throws -> WorkspaceScope) {
        router.get("\(prefix)/log") { request, context in try page(request, try scope(context)) }
        router.get("\(prefix)/log.csv") { request, context in try csv(request, try scope(context)) }
    }

    func page(_ request: Request, _ scope: WorkspaceScope) throws -> Response {
        let log = scope.log, records = scope.records, renderer = scope.renderer
        let display = renderer.display(for: request)
        let filter = LogFilter(query: FormFields(query: request), timeZone: display.formatting.timeZone)
        guard filter.problems.isEmpty else {
            let content = LogContent(filter: filter, entries: [], facts: [:], seenEvents: [], seenOutcomes: [],
                                     limit: Self.rowLimit, display: display, base: scope.base)
            return renderer.page("log", title: display.strings.logTitle, path: "/log", content: content, request: request,
                                 status: .badRequest, error: filter.problems.joined(separator: " "))
        }
        let inRange = try log.entries(since: filter.since, until: filter.until)
        let matching = try self.matching(inRange, filter: filter, records: records)
        let shown = Set(matching.suffix(Self.rowLimit).compactMap(\.recordID))
        let facts = try records.facts(recordIDs: shown)
        let content = LogContent(filter: filter, entries: matching, facts: facts,
                                 seenEvents: Set(inRange.map(\.event)), seenOutcomes: Set(inRange.compactMap(\.outcome)),
                                 limit: Self.rowLimit, display: display, base: scope.base)
        return renderer.page("log", title: display.strings.logTitle, path: "/log", content: content, request: request)
    }

    func csv(_ request: Request, _ scope: WorkspaceScope) throws -> Response {
        let log = scope.log, renderer = scope.renderer
        let display = renderer.display(for: request)
        let filter = LogFilter(query: FormFields(query: request), timeZone: display.formatting.timeZone)
        guard filter.problems.isEmpty else { throw WebError(.badRequest, filter.problems.joined(separator: " ")) }
        let entries = try matching(try log.entries(since: filter.since, until: filter.until), filter: filter, records: scope.records)
        // Under a workspace's prefix the file names its company, so a firm's downloads do not mix.
        let name = scope.base.isEmpty ? "facteur-mail-log.csv" : "facteur-mail-log-\(scope.id).csv"
        return Response(status: .ok,
                        headers: [.contentType: "text/csv; charset=utf-8",
                                  .contentDisposition: "attachment; filename=\"\(name)\""],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: MailLogEntry.csv(entries))))
    }

    /// The rows passing the filter; the invoices' facts are read only when the counterparty or
    /// number filter needs them.
    private func matching(_ entries: [MailLogEntry], filter: LogFilter, records: any RecordArchive) throws -> [MailLogEntry] {
        guard filter.needsFacts else { return entries.filter { filter.matches($0, facts: nil) } }
        let facts = try records.facts(recordIDs: Set(entries.compactMap(\.recordID)))
        return entries.filter { entry in filter.matches(entry, facts: entry.recordID.flatMap { facts[$0] }) }
    }
}
