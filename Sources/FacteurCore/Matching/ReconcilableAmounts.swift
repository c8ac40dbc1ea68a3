public import FoundationEssentials

/// The totals of a window's invoices: the only amounts a bank transaction can have to reconcile
/// with one of them.
///
/// ``CounterpartyMatcher/matchWindow(_:transactions:)`` pairs an invoice with a transaction only
/// when their amounts are equal to the cent, so a transaction whose amount is none of these can
/// never be a candidate. Filtering the transactions through ``admits(_:)`` as they are listed keeps
/// what a window holds in proportion to its invoices, not to the bank history it reads (the
/// transactions of several months, for every window), and changes no match.
///
/// ```swift
/// let amounts = ReconcilableAmounts(invoices.map(\.amount))
/// let kept = transactions.filter(amounts.admits)   // same matches, fewer transactions held
/// ```
public struct ReconcilableAmounts: Sendable, Hashable {
    /// The distinct amounts, ascending.
    private let sorted: [Decimal]

    /// Collects the amounts of a window's invoices; invoices without an amount add nothing (they
    /// reconcile with no transaction).
    /// - Parameter amounts: Each invoice's amount, as the matcher receives it.
    public init(_ amounts: some Sequence<Decimal?>) {
        var distinct: [Decimal] = []
        // A NaN equals no transaction amount (those come from whole cents) and would upset the order.
        for case let amount? in amounts where !amount.isNaN { distinct.append(amount) }
        distinct.sort()
        // Decimal equality is numeric ("120.00" == "120"), so neighbours compare as the matcher does.
        var unique: [Decimal] = []
        unique.reserveCapacity(distinct.count)
        for amount in distinct where unique.last != amount { unique.append(amount) }
        sorted = unique
    }

    /// How many distinct amounts there are.
    public var count: Int { sorted.count }

    /// Whether the transaction's amount equals one of the invoices' amounts (a binary search with
    /// the same `==` the reconciler uses, so nothing it would pair is left out).
    /// - Parameter transaction: A listed transaction.
    /// - Returns: `false` when no invoice of the window can reconcile with it.
    public func admits(_ transaction: TransactionEvidence) -> Bool {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < transaction.amount { low = middle + 1 } else { high = middle }
        }
        return low < sorted.count && sorted[low] == transaction.amount
    }
}
