/// Transactions: the payments of paid invoices plus everyday card spending and a few oddities.
///
/// Every paid supplier invoice gets a matching debit (same amount, the supplier's IBAN as
/// counterparty, the invoice number as transfer reference, the invoice's attachment attached)
/// and lists it in `matched_transactions`, so a matcher has something true to find. Paid client
/// invoices become credits. Then come card payments with and without receipts, an FX payment, a
/// pending, a declined and a reversed one, a refund, a Qonto fee, a transfer to the second account
/// and one transaction older than the dataset's window (for backfill cut-offs).
extension DatasetGenerator {
    mutating func makeTransactions(paying supplierInvoices: inout [SupplierInvoiceDraft],
                                   clientInvoices: [ClientInvoiceDraft]) -> [TransactionDraft] {
        var random = SeededGenerator(seed: seed, stream: 5)
        var drafts: [TransactionDraft] = []
        for index in supplierInvoices.indices {
            let invoice = supplierInvoices[index]
            guard let paidAt = invoice.paidAt, let total = invoice.totalCents, total > 0, let name = invoice.supplierName else { continue }
            let isReceipt = attachments[invoice.attachmentID].map { $0.contentType.hasPrefix("image/") } ?? false
            let emitted = paidAt.adding(seconds: -Int64(random.int(in: 600...7_200)))
            var payment = transaction(total, "debit", isReceipt ? "card" : "transfer", name, at: emitted, random: &random)
            if invoice.currency != "EUR" {
                payment.localCurrency = invoice.currency
                payment.localCents = total
                payment.cents = total * 92 / 100
            }
            if isReceipt { payment.cardLastDigits = "4242" } else { payment.counterpartyIBAN = invoice.iban }
            payment.reference = isReceipt ? nil : invoice.invoiceNumber
            payment.attachmentIDs = [invoice.attachmentID]
            payment.vatCents = invoice.taxCents
            payment.vatRate = invoice.taxCents.map { tax in tax == 0 ? "0.0" : "20.0" }
            payment.category = "other_expense"
            payment.cashflowCategory = "Fournisseurs"
            drafts.append(payment)
            supplierInvoices[index].matchedTransactions = [payment.id]
        }

        for invoice in clientInvoices {
            guard let paidAt = invoice.paidAt else { continue }
            var income = transaction(invoice.cents, "credit", "income", invoice.clientName, at: paidAt.adding(seconds: -300),
                                     random: &random)
            income.reference = invoice.number
            income.counterpartyIBAN = DatasetGenerator.frenchIBAN(bank: "30004", random: &random)
            income.attachmentRequired = false
            income.category = "sales"
            income.cashflowCategory = "Ventes"
            drafts.append(income)
        }

        let span = Int64(years) * 365 * 86_400
        let cardCount = invoicesPerYear * years / 3
        for _ in 0..<cardCount {
            let at = now.adding(seconds: -Int64(random.int(in: 3_600...Int(span))))
            let merchant = random.pick(Names.merchants)
            let cents = random.int(in: 300...30_000)
            var card = transaction(cents, "debit", "card", merchant, at: at, random: &random)
            card.cardLastDigits = random.pick(["4242", "0007", "1234"])
            if random.chance(50) { card.vatCents = cents / 6; card.vatRate = "20.0" }
            card.note = random.chance(10) ? "Déjeuner client — à refacturer" : nil
            card.category = random.pick(["restaurant_and_bar", "transport", "office_supply", "online_service"])
            drafts.append(card)
        }
        drafts += oddTransactions(&random)

        return numberAndBalance(drafts)
    }

    /// One completed transaction on the main account (or `account`), settled shortly after `emitted`.
    private func transaction(_ cents: Int, _ side: String, _ type: String, _ label: String, at emitted: Instant,
                             account: BankAccountDraft? = nil, random: inout SeededGenerator) -> TransactionDraft {
        let settled = emitted.adding(seconds: Int64(random.int(in: 60...7_200)))
        return TransactionDraft(
            id: random.uuid(), transactionID: "", bankAccountID: (account ?? mainAccount).id, cents: cents, side: side,
            operationType: type, label: label, emittedAt: emitted, settledAt: min(settled, now.adding(seconds: -2)),
            updatedAt: min(now.adding(seconds: -1), settled.adding(milliseconds: Int64(random.int(in: 100...60_000)))))
    }

    private func oddTransactions(_ random: inout SeededGenerator) -> [TransactionDraft] {
        let recent = { (days: Int) in self.now.adding(seconds: -Int64(days) * 86_400 - 3_600) }
        func draft(_ cents: Int, _ side: String, _ type: String, _ label: String, _ at: Instant,
                   _ account: BankAccountDraft?) -> TransactionDraft {
            transaction(cents, side, type, label, at: at, account: account, random: &random)
        }
        var odd: [TransactionDraft] = []
        var fx = draft(9_212, "debit", "card", "APPLE.COM/BILL", recent(3), nil)
        fx.localCurrency = "USD"; fx.localCents = 9_999; fx.cardLastDigits = "4242"
        odd.append(fx)
        var pending = draft(5_999, "debit", "card", "AMAZON EU SARL", now.adding(seconds: -1_800), nil)
        pending.status = "pending"; pending.settledAt = nil; pending.vatCents = 1_000; pending.vatRate = "20.0"
        pending.cardLastDigits = "0007"; pending.updatedAt = pending.emittedAt.adding(milliseconds: 80)
        odd.append(pending)
        var declined = draft(120_000, "debit", "card", "Boulangerie L'Épi d'Or", recent(5), nil)
        declined.status = "declined"; declined.settledAt = nil; declined.attachmentRequired = false
        odd.append(declined)
        var reversed = draft(4_550, "debit", "card", "SNCF VOYAGEURS", recent(9), nil)
        reversed.status = "reversed"
        odd.append(reversed)
        var refund = draft(2_390, "credit", "card", "AMAZON EU SARL", recent(2), nil)
        refund.attachmentRequired = false; refund.category = "refund"
        odd.append(refund)
        var fee = draft(2_900, "debit", "qonto_fee", "Qonto", recent(12), nil)
        fee.attachmentRequired = false; fee.category = "fees"
        odd.append(fee)
        var toSavings = draft(500_000, "debit", "transfer", savingsAccount.name, recent(20), nil)
        toSavings.counterpartyIBAN = savingsAccount.iban; toSavings.reference = "Provision TVA"; toSavings.attachmentRequired = false
        var fromMain = draft(500_000, "credit", "income", organizationName, recent(20), savingsAccount)
        fromMain.counterpartyIBAN = mainAccount.iban; fromMain.reference = "Provision TVA"; fromMain.attachmentRequired = false
        fromMain.emittedAt = toSavings.emittedAt; fromMain.settledAt = toSavings.settledAt
        odd += [toSavings, fromMain]
        var ancient = draft(15_000, "debit", "transfer", "Ancien Fournisseur SARL", recent(years * 365 + 40), nil)
        ancient.reference = "F-ANCIEN-001"; ancient.counterpartyIBAN = DatasetGenerator.frenchIBAN(bank: "10107", random: &random)
        odd.append(ancient)
        return odd
    }

    /// Orders by emission, numbers per account (`<slug>-transaction-<n>`) and computes each
    /// completed transaction's `settled_balance` from an opening balance high enough to stay positive.
    private mutating func numberAndBalance(_ drafts: [TransactionDraft]) -> [TransactionDraft] {
        var sorted = drafts.sorted { ($0.emittedAt, $0.id) < ($1.emittedAt, $1.id) }
        for account in [mainAccount, savingsAccount] {
            var balance = 0, lowest = 0, counter = 0
            for index in sorted.indices where sorted[index].bankAccountID == account.id {
                counter += 1
                sorted[index].transactionID = "\(account.slug)-transaction-\(counter)"
                guard sorted[index].status == "completed" else { continue }
                balance += sorted[index].side == "credit" ? sorted[index].cents : -sorted[index].cents
                lowest = min(lowest, balance)
            }
            let opening = 500_000 - lowest
            openingBalances[account.id] = opening
            balance = opening
            for index in sorted.indices where sorted[index].bankAccountID == account.id && sorted[index].status == "completed" {
                balance += sorted[index].side == "credit" ? sorted[index].cents : -sorted[index].cents
                sorted[index].settledBalanceCents = balance
            }
        }
        return sorted
    }
}
