import FacteurCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Store
import Testing

/// The mail log found by what a bookkeeper knows: the supplier and the invoice number.
@Suite struct LogFilterTests {
    @Test func theLogFiltersByCounterpartyAndInvoiceNumberAndTheCSVFollows() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        try harness.seedInvoiceMessage(recordID: "rec-dupont",
                                       json: WebHarness.invoiceJSON(id: "rec-dupont", supplier: "Boulangerie Dupont", number: "F-0042", amount: "12.00"),
                                       state: .failed)
        try harness.seedInvoiceMessage(recordID: "rec-eleve",
                                       json: WebHarness.invoiceJSON(id: "rec-eleve", supplier: "Élévage Martin", number: "EM-7", amount: "80"),
                                       state: .held, reason: "needs review")
        let app = try await harness.application()
        try await app.test(.live) { client in
            var browser = Browser(client)
            // By counterparty, ignoring case and accents
            let dupont = try await browser.get("/log?counterparty=dupont")
            #expect(dupont.text.contains("<span id=\"matching\">2 matching rows</span>"))
            #expect(dupont.text.contains("<strong>Boulangerie Dupont — no. F-0042</strong>"))
            #expect(!dupont.text.contains("rec-eleve"))
            let martin = try await browser.get("/log?counterparty=elevage")
            #expect(martin.text.contains("<span id=\"matching\">1 matching row</span>"))
            #expect(martin.text.contains("rec-eleve"))
            // By invoice number, combined with the event
            let number = try await browser.get("/log?number=f-00&event=attempt")
            #expect(number.text.contains("<span id=\"matching\">1 matching row</span>"))
            // The CSV link carries the filter, and the download has the same rows
            #expect(number.text.contains("href=\"/log.csv?number=f-00&amp;event=attempt\""))
            let csv = try await browser.get("/log.csv?number=f-00&event=attempt")
            let lines = csv.text.split(separator: "\r\n")
            #expect(lines.count == 2)
            #expect(lines.last?.contains("rec-dupont") == true)
            // And in French, the count is French and singular
            var french = Browser(client, acceptLanguage: "fr")
            let page = try await french.get("/log?counterparty=elevage")
            #expect(page.text.contains("<span id=\"matching\">1 ligne correspondante</span>"))
        }
    }
}
