import FacteurCore
import Foundation
import QontoAPI

/// The Qonto transactions a window's invoices may reconcile with: every account's transactions
/// updated from `lookBack` before the window to its end (a payment usually settles before Qonto
/// last touches the invoice it pays). Fetched only for windows with invoices to score, so an idle
/// window costs no request.
///
/// Only the matcher's evidence of each is kept, and only for transactions whose amount is one of
/// the window's invoice totals (``ReconcilableAmounts``): the others can pair with no invoice. So a
/// window holds about as many transactions as invoices, however dense the bank history it reads
/// (every transaction of the look-back and the window, thousands at 10 000 invoices a year, used
/// to be held whole until the end of the window).
enum WindowTransactions {
    /// How far before the window's start transactions are read.
    static let lookBack: TimeInterval = 60 * 86_400

    static func fetch(client: QontoClient, from: Date, to: Date, amounts: ReconcilableAmounts) throws -> [TransactionEvidence] {
        var kept: [TransactionEvidence] = []
        guard amounts.count > 0 else { return kept }
        for account in try client.bankAccounts() {
            try client.transactions(bankAccountID: account.id, updatedFrom: from.addingTimeInterval(-lookBack), to: to) { page in
                for transaction in page {
                    if let evidence = evidence(transaction), amounts.admits(evidence) { kept.append(evidence) }
                }
            }
        }
        return kept
    }

    /// What the matcher needs of a transaction; nil for one not settled (or without an amount).
    static func evidence(_ transaction: QontoTransaction) -> TransactionEvidence? {
        guard let cents = transaction.amountCents, let settled = transaction.settledAt else { return nil }
        return TransactionEvidence(id: transaction.id, amount: Decimal(abs(cents)) / 100,
                                   side: transaction.side == "credit" ? .credit : .debit,
                                   date: String(Timestamp.format(settled).prefix(10)),
                                   counterpartyName: transaction.label, iban: transaction.counterpartyAccount)
    }
}
