import Foundation
@testable import QontoSandbox
import Testing

/// The generated dataset holds what a real Qonto inbox holds, traps included.
struct DatasetTests {
    let dataset = FileFormatTests.dataset(invoicesPerYear: 100, years: 3)
    let now = Instant(TestClock().now)

    @Test func countsFollowInvoicesPerYearTimesYearsWithAQuarterAsManyClientInvoices() {
        #expect(dataset.supplierInvoices.count == 300)
        #expect(dataset.clientInvoices.count == 75)
        #expect(Set(dataset.supplierInvoices.map(\.id)).count == 300)
    }

    @Test func invoicesSpreadOverTheLastYearsAndNeverLieInTheFuture() {
        let oldest = now.adding(seconds: -3 * 365 * 86_400)
        for invoice in dataset.supplierInvoices + dataset.clientInvoices {
            #expect(invoice.createdAt >= oldest && invoice.updatedAt <= now && invoice.createdAt <= invoice.updatedAt, "\(invoice.id)")
        }
        let firstYear = dataset.supplierInvoices.filter { $0.createdAt < oldest.adding(seconds: 365 * 86_400) }
        #expect((80...120).contains(firstYear.count))
    }

    @Test func timestampsAreUTCWithMilliseconds() {
        let pattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
        for invoice in dataset.supplierInvoices {
            for key in ["created_at", "updated_at"] {
                #expect(invoice.string(key)?.wholeMatch(of: pattern) != nil)
            }
        }
    }

    @Test func theInboxContainsEveryKindOfDocumentFacteurMustHandle() {
        let invoices = dataset.supplierInvoices
        let types = invoices.compactMap { dataset.attachments[$0.string("attachment_id") ?? ""]?.contentType }
        #expect(types.filter { $0 == "application/pdf" }.count > 250)
        #expect(types.contains("image/jpeg") && types.contains("image/png") && types.contains("application/xml"))
        #expect(invoices.contains { $0.body["is_attachment_non_financial"] == .bool(true) && $0.body["total_amount"] == .null })
        #expect(invoices.contains { $0.body["is_credit_note"] == .bool(true) && $0.string("status") != "paid" })
        #expect(invoices.contains { $0.string("status") == "awaiting_einvoicing_ack" })
        #expect(invoices.contains { $0.body["some_future_field"] != nil })
        #expect(invoices.contains { $0.string("supplier_name")?.count == 300 })
        #expect(invoices.contains { $0.string("supplier_name") == "株式会社サンプル" && $0.body["total_amount"]?["currency"] == .string("USD") })
        #expect(invoices.contains { $0.string("supplier_name") == "Ελληνική Εταιρεία Α.Ε." })
        #expect(invoices.contains { $0.body["has_duplicates"] == .bool(true) })
        #expect(invoices.contains { $0.string("attachment_id") != $0.string("display_attachment_id") })
        #expect(Set(invoices.compactMap { $0.string("status") }).isSuperset(of: ["paid", "to_review", "awaiting_payment"]))
        #expect(invoices.filter { $0.body["attachment_category"] == .string("INVOICE") }.count > 250)
        let empty = dataset.attachments.values.filter { if case .empty = $0.content { true } else { false } }
        #expect(empty.count == 1)
    }

    @Test func twoInvoicesShareTheSameUpdatedAtForTheCursorBoundaryTrap() {
        let counts = Dictionary(grouping: dataset.supplierInvoices, by: \.updatedAt).mapValues(\.count)
        #expect(counts.values.contains { $0 >= 2 })
    }

    @Test func everyPaidInvoiceHasAMatchingTransaction() {
        let transactions = Dictionary(uniqueKeysWithValues: dataset.transactions.map { ($0.id, $0) })
        let paid = dataset.supplierInvoices.filter { $0.string("status") == "paid" && $0.body["total_amount"]?["currency"] == .string("EUR") }
        #expect(paid.count > 100)
        for invoice in paid {
            let matched = invoice.body["matched_transactions"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let transaction = matched.first.flatMap { transactions[$0] }
            #expect(transaction != nil, "\(invoice.id) has no matching transaction")
            let value = invoice.body["total_amount"]?["value"]?.stringValue ?? ""
            #expect(transaction?.body["amount_cents"]?.intValue == SandboxState.cents(value))
            #expect(transaction?.body["side"] == .string("debit"))
            #expect(transaction?.body["attachment_ids"] == .array([.string(invoice.string("attachment_id") ?? "")]))
            if transaction?.string("operation_type") == "transfer" {
                #expect(transaction?.string("reference") == invoice.string("invoice_number"))
                #expect(transaction?.body["transfer"]?["counterparty_account_number"] == invoice.body["iban"])
            }
        }
    }

    @Test func transactionsIncludeOdditiesAndOneOlderThanTheWindow() {
        let statuses = Set(dataset.transactions.compactMap { $0.string("status") })
        #expect(statuses == ["completed", "pending", "declined", "reversed"])
        #expect(dataset.transactions.contains { $0.string("local_currency") == "USD" && $0.string("currency") == "EUR" })
        #expect(dataset.transactions.contains { $0.string("side") == "credit" })
        #expect(dataset.transactions.contains { $0.createdAt < now.adding(seconds: -3 * 365 * 86_400) })
        #expect(dataset.transactions.contains { $0.body["attachment_required"] == .bool(true) && $0.body["attachment_ids"] == .array([]) })
    }

    @Test func theMainAccountBalanceIsTheLastSettledBalance() {
        let account = dataset.bankAccounts.first { $0["main"] == .bool(true) }
        let last = dataset.transactions.last { $0.string("bank_account_id") == account?["id"]?.stringValue && $0.string("status") == "completed" }
        #expect(account?["balance_cents"] == last?.body["settled_balance_cents"])
        #expect((account?["balance_cents"]?.intValue ?? 0) > 0)
    }

    @Test func ibansHaveValidCheckDigits() {
        var ibans = dataset.supplierInvoices.compactMap { $0.string("iban") }
        ibans += dataset.bankAccounts.compactMap { $0["iban"]?.stringValue }
        for iban in ibans {
            let rearranged = iban.dropFirst(4) + iban.prefix(4)
            var remainder = 0
            for character in rearranged {
                let value = Int(String(character), radix: 36)!
                for digit in String(value) { remainder = (remainder * 10 + Int(String(digit))!) % 97 }
            }
            #expect(remainder == 1, "\(iban)")
        }
    }

    @Test func aTinyDatasetStillWorks() {
        let tiny = FileFormatTests.dataset(invoicesPerYear: 1, years: 1)
        #expect(tiny.supplierInvoices.count == 1)
        #expect(tiny.clientInvoices.isEmpty)
        let none = FileFormatTests.dataset(invoicesPerYear: 0, years: 1)
        #expect(none.supplierInvoices.isEmpty && none.bankAccounts.count == 2)
    }
}
