import Foundation
import QontoAPI

/// The Qonto transactions a window's invoices may reconcile with: every account's transactions
/// updated from `lookBack` before the window to its end (a payment usually settles before Qonto
/// last touches the invoice it pays). Fetched only for windows with invoices to score, so an idle
/// window costs no request.
enum WindowTransactions {
    /// How far before the window's start transactions are read.
    static let lookBack: TimeInterval = 60 * 86_400

    static func fetch(client: QontoClient, from: Date, to: Date) throws -> [QontoTransaction] {
        var transactions: [QontoTransaction] = []
        for account in try client.bankAccounts() {
            try client.transactions(bankAccountID: account.id, updatedFrom: from.addingTimeInterval(-lookBack), to: to) { page in
                transactions += page
            }
        }
        return transactions
    }
}
