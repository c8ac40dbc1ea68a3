import FacteurApp
import FacteurCore
import Foundation
import QontoAPI
import Store
import Testing
import Web

/// Held records read back as invoices (from what Qonto sent), and set aside when they are not
/// invoices, over the real sync against the in-process sandbox.
@Suite struct DismissAndFactsTests {
    @Test func statusRowsCarryTheInvoiceAsQontoDescribedItAndADismissalClearsAndIsUndone() async throws {
        try await SyncHarness.with { harness in
            // Given a sync that holds some records (the sandbox has Document Review items and odd files)
            _ = try await harness.sync()
            let configuration = try harness.configuration
            let report = try StatusReport(configuration: configuration, database: harness.database).build()
            // (the held record Qonto described best, so the comparison below compares real values)
            let held = try #require(report.problems.filter { $0.source == "record" }.max {
                $0.facts.knownCount < $1.facts.knownCount
            }, "the sandbox held no record")
            #expect(held.facts.knownCount >= 3, "the held record has only \(held.facts.knownCount) facts")
            // Then each row has the facts Qonto gave, read from the stored record exactly
            let stored = try #require(try QontoRecords(database: harness.database).latest(recordType: held.recordType, recordID: held.recordID))
            let json = try #require(try JSONSerialization.jsonObject(with: Data(stored.rawJSON.utf8)) as? [String: Any])
            let invoice = try QontoInvoice(kind: .supplier, json: json)
            #expect(held.facts.counterpartyName == invoice.counterpartyName)
            #expect(held.facts.invoiceNumber == invoice.invoiceNumber)
            #expect(held.facts.amount == invoice.amount)
            #expect(held.facts.currency == invoice.currency)
            #expect(held.facts.issueDate == invoice.issueDate)
            #expect(held.facts.fileName == invoice.fileName)

            // When a person dismisses it with a reason
            let dismiss = DismissProblem(database: harness.database, requestedBy: "Dismiss on the status page")
            #expect(throws: AppError.self) { try dismiss.dismiss(held.retryTarget, reason: "  \n ", now: Date()) }
            try dismiss.dismiss(held.retryTarget, reason: "bank statement, not an invoice", now: Date())
            // Then it no longer waits, is listed as dismissed, and the log says who and why
            let after = try StatusReport(configuration: configuration, database: harness.database).build()
            #expect(!after.problems.contains { $0.retryTarget == held.retryTarget })
            let dismissed = try #require(after.dismissed.first { $0.retryTarget == held.retryTarget })
            #expect(dismissed.dismissal?.reason == "bank statement, not an invoice")
            #expect(after.problems.count == report.problems.count - 1)
            let row = try #require(try MailLog(database: harness.database).entries().last)
            #expect(row.event == "dismissed")
            #expect(row.detail == "\(held.recordType) \(held.recordID): Dismiss on the status page: bank statement, not an invoice")
            // And the next sync does not bring it back (the same version is not news)
            _ = try await harness.sync()
            #expect(!(try StatusReport(configuration: configuration, database: harness.database).build()
                .problems.contains { $0.retryTarget == held.retryTarget }))
            // When it is undone, it waits again
            try dismiss.undo(try #require(dismissed.dismissal?.id), now: Date())
            #expect(try StatusReport(configuration: configuration, database: harness.database).build()
                .problems.contains { $0.retryTarget == held.retryTarget })
            #expect(throws: StoreError.self) { try dismiss.undo(try #require(dismissed.dismissal?.id), now: Date()) }
            #expect(try MailLog(database: harness.database).verify().isIntact)
        }
    }

    @Test func pageLanguageAndTimeZoneAreCheckedLikeEveryOtherKey() throws {
        let base = ["data_dir": "/tmp/x", "templates_dir": "/tmp/t"]
        let defaults = try FacteurConfiguration(values: base)
        #expect(defaults.pages.preferences == PagePreferences(language: nil, timeZone: "Europe/Paris"))
        #expect(try FacteurConfiguration(values: base.merging(["web_language": "FR"]) { $1 }).pages.language == .fr)
        #expect(throws: ConfigurationError.self) { try FacteurConfiguration(values: base.merging(["web_language": "de"]) { $1 }) }
        #expect(throws: ConfigurationError.self) { try FacteurConfiguration(values: base.merging(["time_zone": "Mars/Olympus"]) { $1 }) }
        #expect(try FacteurConfiguration(values: base.merging(["time_zone": "UTC"]) { $1 }).pages.timeZone == "UTC")
    }
}

private extension InvoiceFacts {
    var knownCount: Int {
        [counterpartyName, invoiceNumber, amount, currency, issueDate, fileName].compactMap { $0 }.count
    }
}
