/// A bank transaction being generated, rendered to the JSON of qonto-api.md §3.5.
///
/// Amounts are integer cents here and leave as both a float (`amount`) and an integer
/// (`amount_cents`), always positive with the direction in `side`, as Qonto does.
struct TransactionDraft {
    var id: String
    var transactionID: String
    var bankAccountID: String
    var cents: Int
    var currency = "EUR"
    var localCents: Int?
    var localCurrency: String?
    var side: String
    var operationType: String
    var status = "completed"
    var label: String
    var reference: String?
    var note: String?
    var vatCents: Int?
    var vatRate: String?
    var emittedAt: Instant
    var settledAt: Instant?
    var updatedAt: Instant
    var attachmentIDs: [String] = []
    var attachmentRequired = true
    var cardLastDigits: String?
    var category = "other_expense"
    var cashflowCategory: String?
    /// The counterparty's account for transfers and incomes.
    var counterpartyIBAN: String?
    var settledBalanceCents: Int?

    var subjectType: String {
        switch operationType {
        case "transfer": "Transfer"
        case "card": "Card"
        case "income": "Income"
        case "direct_debit": "DirectDebit"
        default: "Other"
        }
    }

    var json: JSON {
        let counterparty: JSON = counterpartyIBAN.map { iban in
            .object([
                ("counterparty_account_number", .string(iban)), ("counterparty_account_number_format", .string("IBAN")),
                ("counterparty_bank_identifier", .string("BNPAFRPPXXX")),
                ("counterparty_bank_identifier_format", .string("SWIFT_BIC")),
            ])
        } ?? .null
        return .object([
            ("id", .string(id)), ("transaction_id", .string(transactionID)),
            ("amount", .euros(cents: cents)), ("amount_cents", .int(cents)),
            ("settled_balance", settledBalanceCents.map { JSON.euros(cents: $0) } ?? .null),
            ("settled_balance_cents", settledBalanceCents.map(JSON.int) ?? .null),
            ("attachment_ids", .array(attachmentIDs.map(JSON.string))),
            ("local_amount", .euros(cents: localCents ?? cents)), ("local_amount_cents", .int(localCents ?? cents)),
            ("side", .string(side)), ("operation_type", .string(operationType)),
            ("currency", .string(currency)), ("local_currency", .string(localCurrency ?? currency)),
            ("label", .string(label)), ("clean_counterparty_name", .string(label)),
            ("settled_at", .string(settledAt?.iso8601)), ("emitted_at", .string(emittedAt.iso8601)),
            ("created_at", .string(emittedAt.adding(milliseconds: 412).iso8601)), ("updated_at", .string(updatedAt.iso8601)),
            ("status", .string(status)), ("note", .string(note)), ("reference", .string(reference)),
            ("vat_amount", vatCents.map { JSON.euros(cents: $0) } ?? .null), ("vat_amount_cents", vatCents.map(JSON.int) ?? .null),
            ("vat_rate", vatRate.map(JSON.number) ?? .null), ("initiator_id", .null), ("label_ids", .array([])),
            ("attachment_lost", .bool(false)), ("attachment_required", .bool(attachmentRequired)),
            ("card_last_digits", .string(cardLastDigits)), ("category", .string(category)),
            ("cashflow_category", cashflowCategory.map { JSON.object([("name", .string($0))]) } ?? .null),
            ("cashflow_subcategory", .null), ("subject_type", .string(subjectType)),
            ("bank_account_id", .string(bankAccountID)), ("is_external_transaction", .bool(false)),
            ("transfer", operationType == "transfer" ? counterparty : .null),
            ("income", operationType == "income" ? counterparty : .null),
        ])
    }
}
