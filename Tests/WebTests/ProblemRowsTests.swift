import FacteurCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Store
import Testing

/// What a bookkeeper needs on each waiting row: the invoice (not its UUID), why it waits, and the
/// action that fits.
@Suite struct ProblemRowsTests {
    static let french = "fr-FR,fr;q=0.9,en;q=0.5"

    @Test func aRefusedMessageShowsTheInvoiceTheRecipientAndTheServerReplyOnce() async throws {
        // Given a supplier invoice whose message the relay refused for good
        let harness = try WebHarness()
        defer { harness.remove() }
        let reply = "550 5.1.1 <supplier@pennylane.test>: Recipient address rejected: User unknown"
        try harness.seedInvoiceMessage(
            recordID: "0b3f6c1e-aaaa-4bbb-8ccc-000000000001",
            json: WebHarness.invoiceJSON(id: "0b3f6c1e-aaaa-4bbb-8ccc-000000000001", supplier: "Boulangerie Dupont SARL",
                                         number: "F-2026-0042", amount: "1234.5", fileName: "facture-0042.pdf"),
            state: .failed, reply: reply)
        let app = try await harness.application()
        try await app.test(.live) { client in
            // When a French browser opens the status page
            var browser = Browser(client, acceptLanguage: Self.french)
            let page = try await browser.get("/").text
            // Then the row names the supplier, number, amount, date, file and recipient, in French
            #expect(page.contains("<html lang=\"fr\">"))
            #expect(page.contains("<h3>Boulangerie Dupont SARL — <span class=\"when\">n°\u{00A0}F-2026-0042</span></h3>"))
            #expect(page.contains("<dt>Fournisseur</dt><dd>Boulangerie Dupont SARL</dd>"))
            #expect(page.contains("<dt>N° de facture</dt><dd>F-2026-0042</dd>"))
            #expect(page.contains("<dt>Montant</dt><dd>1\u{202F}234,50\u{00A0}EUR</dd>"))
            #expect(page.contains("<dt>Date de la facture</dt><dd>03/11/2026</dd>"))
            #expect(page.contains("<dt>Fichier</dt><dd class=\"reply\">facture-0042.pdf</dd>"))
            #expect(page.contains("<dt>Destinataire</dt><dd class=\"reply\">supplier@pennylane.test</dd>"))
            // And the reason does not repeat the server's reply, which is shown once
            #expect(page.contains("<dt>Motif</dt><dd>Le serveur de messagerie a refusé le message.</dd>"))
            #expect(page.components(separatedBy: "Recipient address rejected: User unknown").count == 2)
            // And the fitting action is Retry (a refused message), with Dismiss beside it
            #expect(page.contains("<button type=\"submit\">Réessayer</button>"))
            #expect(!page.contains("action=\"/release\""))
            #expect(page.contains("<summary>Écarter…</summary>"))
            // And the counts match the rows
            #expect(page.contains("<h2 id=\"waiting-heading\">À traiter (1)</h2>"))
            #expect(page.contains("1 document attend une décision."))
        }
    }

    @Test func aReviewHoldOffersReleaseAndShowsTheDecision() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        let message = try harness.seedInvoiceMessage(
            recordID: "rec-review", json: WebHarness.invoiceJSON(id: "rec-review", supplier: "ACME", number: "A-7", amount: "99"),
            state: .held, reason: "score 6.0 below the threshold 10: name close to ACME SAS (6.0)",
            explanation: "score 6.0 below the threshold 10: name close to ACME SAS (6.0)")
        let app = try await harness.application()
        try await app.test(.live) { client in
            var browser = Browser(client, acceptLanguage: "en-GB,en;q=0.9")
            let page = try await browser.get("/")
            #expect(page.text.contains("<html lang=\"en\">"))
            #expect(page.text.contains("<dt>Reason</dt><dd>score 6.0 below the threshold 10: name close to ACME SAS (6.0)</dd>"))
            #expect(page.text.contains("<button type=\"submit\">Release</button>"))
            #expect(!page.text.contains("<button type=\"submit\">Retry</button>"))
            // When Release is pressed (with the page's CSRF token)
            let response = try await browser.post("/release", form: [("csrf", try page.csrfToken()), ("target", "outbox:\(message.id)")])
            #expect(response.status == .seeOther)
            let after = try await browser.get(try #require(response.headers[.location]))
            // Then the message is queued, the page says so, and the mail log records who released it
            #expect(try harness.outbox.message(id: message.id).state == .queued)
            #expect(after.text.contains("Message \(message.id) released: it is sent within a minute."))
            #expect(after.text.contains("All is well"))
            let log = try MailLog(database: harness.database).entries().last
            #expect(log?.event == "resend")
            #expect(log?.detail?.contains("Release on the status page") == true)
        }
    }

    @Test func releaseWithoutTheCSRFTokenIsRefusedAndChangesNothing() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        let message = try harness.seedInvoiceMessage(
            recordID: "rec-review", json: WebHarness.invoiceJSON(id: "rec-review", supplier: "ACME", number: "A-7", amount: "99"),
            state: .held, reason: "needs review")
        let app = try await harness.application()
        try await app.test(.live) { client in
            var browser = Browser(client)
            try await browser.get("/")
            let response = try await browser.post("/release", form: [("target", "outbox:\(message.id)")])
            #expect(response.status == .forbidden)
            #expect(try harness.outbox.message(id: message.id).state == .held)
        }
    }

    @Test func aLongWordFreeReasonIsMarkedToWrapOnAPhone() async throws {
        // The stylesheet lets any text break anywhere rather than widen the page
        let css = try String(contentsOfFile: "\(WebHarness.templates)/style.css", encoding: .utf8)
        #expect(css.contains("body { overflow-wrap: anywhere;"))
        #expect(css.contains("th, td { overflow-wrap: anywhere;"))
    }
}
