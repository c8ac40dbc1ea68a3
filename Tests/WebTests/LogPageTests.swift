import FacteurApp
import Hummingbird
import HummingbirdTesting
import Store
import FacteurCore
import Foundation
import Testing

@Suite struct LogPageTests {
    @Test func csvDownloadIsTheAuditCSVWithItsContentTypeAndHeaderRow() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        try harness.seedFailedMessage(recordID: "rec-csv", reply: "554 no, \"really\"")
        let app = try await harness.application()
        try await app.test(.live) { client in
            var browser = Browser(client)
            let response = try await browser.get("/log.csv")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(response.headers[.contentDisposition] == "attachment; filename=\"facteur-mail-log.csv\"")
            #expect(response.text.hasPrefix("seq,at,event,outbox_id,record_id,record_type,message_id,recipient,outcome,reply,"
                                            + "attachment_sha256,possible_duplicate,detail,prev_hash,hash\r\n"))
            // The same bytes as `facteur audit --format csv`
            let entries = try MailLog(database: harness.database).entries()
            #expect(response.text == AuditReport.csv(entries))
            #expect(response.text.contains("\"554 no, \"\"really\"\"\""))
            // Filters apply to the download too
            let attempts = try await browser.get("/log.csv?event=attempt")
            #expect(attempts.text.split(separator: "\r\n").count == 2)
        }
    }

    @Test func filtersNarrowTheRowsNewestFirst() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        try harness.seedFailedMessage(recordID: "alpha-1")
        try harness.seedFailedMessage(recordID: "beta-2")
        let app = try await harness.application()
        try await app.test(.live) { client in
            var browser = Browser(client)
            let all = try await browser.get("/log")
            #expect(all.text.contains("4 matching rows"))
            let seqs = all.text.matches(of: /<td data-label="#">(\d+)<\/td>/).map { Int($0.1)! }
            #expect(seqs == [4, 3, 2, 1])
            let alpha = try await browser.get("/log?record=ALPHA&event=attempt&outcome=failed")
            #expect(alpha.text.contains("<span id=\"matching\">1 matching row</span>"))
            #expect(alpha.text.contains("alpha-1"))
            #expect(!alpha.text.contains("beta-2"))
            // Days are calendar days in the pages' time zone (Europe/Paris by default)
            var paris = Calendar(identifier: .gregorian)
            paris.timeZone = TimeZone(identifier: "Europe/Paris")!
            let parts = paris.dateComponents([.year, .month, .day], from: Date())
            let today = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
            let dated = try await browser.get("/log?from=\(today)&to=\(today)")
            #expect(dated.text.contains("4 matching rows"))
        }
    }

    @Test func badFilterInputIsExplainedNotCrashedOn() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        let app = try await harness.application()
        try await app.test(.live) { client in
            var browser = Browser(client)
            let page = try await browser.get("/log?from=2026-13-45&to=yesterday&event=%3Cscript%3E")
            #expect(page.status == .badRequest)
            #expect(page.text.contains("From: expected a date as YYYY-MM-DD, got “2026-13-45”."))
            #expect(page.text.contains("To: expected a date as YYYY-MM-DD, got “yesterday”."))
            #expect(page.text.contains("Event: letters and underscores only"))
            #expect(!page.text.contains("<script>"))
            let reversed = try await browser.get("/log?from=2026-02-02&to=2026-02-01")
            #expect(reversed.status == .badRequest)
            #expect(reversed.text.contains("From must not be after To."))
            let csv = try await browser.get("/log.csv?from=nope")
            #expect(csv.status == .badRequest)
        }
    }
}
