import FacteurCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Store
import Testing

/// A held record that is not an invoice can be set aside, with a reason, without disappearing.
@Suite struct DismissTests {
    static let reviewItem = WebHarness.invoiceJSON(id: "doc-review-1", supplier: nil, number: nil, amount: nil,
                                                   issueDate: nil, fileName: "releve-novembre.pdf", nonFinancial: true)
    static let reason = "non-financial document: Qonto files it under Document Review, not as an invoice"

    @Test func dismissingAHeldRecordClearsTheWaitingListLogsTheReasonAndCanBeUndone() async throws {
        // Given a Document Review item held before composing (Retry would hold it again)
        let harness = try WebHarness()
        defer { harness.remove() }
        try harness.seedHeldRecord(recordID: "doc-review-1", json: Self.reviewItem, reason: Self.reason)
        let app = try await harness.application()
        try await app.test(.live) { client in
            var browser = Browser(client, acceptLanguage: "fr")
            let before = try await browser.get("/")
            #expect(before.text.contains("1 document attend une décision."))
            #expect(before.text.contains("<dt>Fichier</dt><dd class=\"reply\">releve-novembre.pdf</dd>"))
            // When it is dismissed with a reason
            let response = try await browser.post("/dismiss", form: [
                ("csrf", try before.csrfToken()), ("target", "record:supplier_invoice:doc-review-1"),
                ("reason", "relevé bancaire, pas une facture"),
            ])
            #expect(response.status == .seeOther)
            let after = try await browser.get(try #require(response.headers[.location]))
            // Then nothing waits any more, the verdict says so, and the record is listed as dismissed
            #expect(after.text.contains("Tout va bien"))
            #expect(after.text.contains("<h2 id=\"waiting-heading\">À traiter (0)</h2>"))
            #expect(after.text.contains("<h2 id=\"dismissed-heading\">Écartés (1)</h2>"))
            #expect(after.text.contains("relevé bancaire, pas une facture"))
            #expect(after.text.contains("Écarté : ") && after.text.contains(" — inscrit au journal des envois"))
            // And the mail log holds the dismissal with the reason
            let log = try MailLog(database: harness.database).entries()
            let dismissed = try #require(log.last)
            #expect(dismissed.event == "dismissed")
            #expect(dismissed.recordID == "doc-review-1")
            #expect(dismissed.detail?.contains("relevé bancaire, pas une facture") == true)
            // When the dismissal is undone
            let id = try #require(after.text.firstMatch(of: /name="dismissal" value="(\d+)"/)).1
            let undo = try await browser.post("/undismiss", form: [("csrf", try after.csrfToken()), ("dismissal", String(id))])
            #expect(undo.status == .seeOther)
            let back = try await browser.get(try #require(undo.headers[.location]))
            // Then it waits again, and the log says so
            #expect(back.text.contains("<h2 id=\"waiting-heading\">À traiter (1)</h2>"))
            #expect(!back.text.contains("dismissed-heading"))
            #expect(try MailLog(database: harness.database).entries().last?.event == "undismissed")
            #expect(try MailLog(database: harness.database).verify().isIntact)
        }
    }

    @Test func aDismissalNeedsAReasonAndTheCSRFToken() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        try harness.seedHeldRecord(recordID: "doc-review-1", json: Self.reviewItem, reason: Self.reason)
        let app = try await harness.application()
        try await app.test(.live) { client in
            var browser = Browser(client)
            let page = try await browser.get("/")
            let target = ("target", "record:supplier_invoice:doc-review-1")
            // Without a token: refused
            let forged = try await browser.post("/dismiss", form: [target, ("reason", "not an invoice")])
            #expect(forged.status == .forbidden)
            // Without a reason: refused with one line
            let bare = try await browser.post("/dismiss", form: [("csrf", try page.csrfToken()), target, ("reason", "   ")])
            #expect(bare.status == .badRequest)
            #expect(bare.text.contains("say why it is not an invoice"))
            // An unknown dismissal cannot be undone
            let unknown = try await browser.post("/undismiss", form: [("csrf", try page.csrfToken()), ("dismissal", "999")])
            #expect(unknown.status == .notFound)
            // And nothing changed
            #expect(try MailLog(database: harness.database).entries().map(\.event) == ["held"])
            #expect(try await browser.get("/").text.contains("1 document is waiting for a decision."))
        }
    }

    @Test func aDismissedFailedMessageStaysDismissedOnlyForThatVersion() async throws {
        // Given a refused message, dismissed
        let harness = try WebHarness()
        defer { harness.remove() }
        let message = try harness.seedInvoiceMessage(
            recordID: "rec-x", json: WebHarness.invoiceJSON(id: "rec-x", supplier: "Zeta", number: "Z1", amount: "10"), state: .failed)
        let app = try await harness.application()
        try await app.test(.live) { client in
            var browser = Browser(client)
            let page = try await browser.get("/")
            let response = try await browser.post("/dismiss", form: [("csrf", try page.csrfToken()),
                                                                     ("target", "outbox:\(message.id)"), ("reason", "sent by hand")])
            #expect(response.status == .seeOther)
            #expect(try await browser.get("/").text.contains("All is well"))
            // Dismissing the same version twice is refused
            let again = try await browser.post("/dismiss", form: [("csrf", try page.csrfToken()),
                                                                  ("target", "outbox:\(message.id)"), ("reason", "again")])
            #expect(again.status == .badRequest)
        }
        // When a new version of the record is held, it waits for a person again
        try harness.seedHeldRecord(recordID: "rec-x", json: WebHarness.invoiceJSON(id: "rec-x", supplier: "Zeta", number: "Z1-bis", amount: "10"),
                                   reason: "cannot compose: empty file", version: "-2", now: Date().addingTimeInterval(5))
        let restarted = try await harness.application()
        try await restarted.test(.live) { client in
            var browser = Browser(client)
            let page = try await browser.get("/").text
            #expect(page.contains("Zeta — <span class=\"when\">no.\u{00A0}Z1-bis</span>"))
            #expect(page.contains("Dismissed (1)"))
        }
    }

    @Test func retryingADismissedMessageEndsTheDismissalSoANewRefusalWaitsForAPerson() async throws {
        // Given a refused message a person dismissed
        let harness = try WebHarness()
        defer { harness.remove() }
        let message = try harness.seedInvoiceMessage(
            recordID: "rec-y", json: WebHarness.invoiceJSON(id: "rec-y", supplier: "Yota", number: "Y1", amount: "12"), state: .failed)
        let app = try await harness.application()
        try await app.test(.live) { client in
            var browser = Browser(client)
            let page = try await browser.get("/")
            #expect(try await browser.post("/dismiss", form: [("csrf", try page.csrfToken()), ("target", "outbox:\(message.id)"),
                                                              ("reason", "sent by hand")]).status == .seeOther)
            #expect(try Dismissals(database: harness.database).active().count == 1)
            // When someone sends it after all
            let retried = try await browser.post("/retry", form: [("csrf", try page.csrfToken()), ("target", "outbox:\(message.id)")])
            #expect(retried.status == .seeOther)
        }
        // Then it is no longer set aside, and the mail log says so
        #expect(try Dismissals(database: harness.database).active().isEmpty)
        #expect(try MailLog(database: harness.database).entries().map(\.event).suffix(2) == ["undismissed", "resend"])
    }
}
