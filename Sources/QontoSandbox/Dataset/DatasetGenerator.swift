/// Builds the generated dataset: deterministic for a given seed and clock.
///
/// Ids, names, amounts, invoice numbers and therefore every file's bytes depend on the seed only;
/// timestamps are offsets from `now` (taken once, at start), so two sandboxes with the same seed
/// and the same clock serve identical JSON. Each kind of data draws from its own random stream, so
/// changing how transactions are made does not reshuffle the invoices.
struct DatasetGenerator {
    let seed: UInt64
    let invoicesPerYear: Int
    let years: Int
    let now: Instant
    let slug: String

    var attachments: [String: AttachmentRecord] = [:]
    var organizationID = ""
    var organizationName = "Atelier Facteur"
    var mainAccount = BankAccountDraft()
    var savingsAccount = BankAccountDraft()
    var suppliers: [SupplierDraft] = []
    /// Balance of each account before its first generated transaction, in cents.
    var openingBalances: [String: Int] = [:]

    /// Fields the transaction and invoice passes share.
    struct BankAccountDraft {
        var id = "", slug = "", name = "", iban = "", main = false
    }

    struct SupplierDraft {
        var id: String, name: String, vatNumber: String, iban: String, numberFormat: Int
    }

    init(seed: UInt64, invoicesPerYear: Int, years: Int, now: Instant, slug: String) {
        self.seed = seed
        self.invoicesPerYear = max(0, invoicesPerYear)
        self.years = max(1, years)
        self.now = now
        self.slug = slug
    }

    /// The complete dataset.
    mutating func make() -> Dataset {
        makeOrganization()
        var supplierInvoices = makeSupplierInvoices()
        let clientInvoices = makeClientInvoices()
        let transactions = makeTransactions(paying: &supplierInvoices, clientInvoices: clientInvoices)
        return Dataset(
            organization: organizationJSON(transactions: transactions),
            supplierInvoices: supplierInvoices.compactMap { Resource($0.json) },
            clientInvoices: clientInvoices.compactMap { Resource($0.json) },
            transactions: transactions.compactMap { Resource($0.json) },
            attachments: attachments)
    }

    // MARK: Organisation and suppliers

    private mutating func makeOrganization() {
        var random = SeededGenerator(seed: seed, stream: 1)
        organizationID = random.uuid()
        mainAccount = BankAccountDraft(id: random.uuid(), slug: "\(slug)-bank-account-1", name: "Compte principal",
                                       iban: DatasetGenerator.frenchIBAN(bank: "16958", random: &random), main: true)
        savingsAccount = BankAccountDraft(id: random.uuid(), slug: "\(slug)-bank-account-2", name: "Réserve TVA",
                                          iban: DatasetGenerator.frenchIBAN(bank: "16958", random: &random), main: false)
        var supplierRandom = SeededGenerator(seed: seed, stream: 2)
        suppliers = Names.suppliers.map { name in
            SupplierDraft(id: supplierRandom.uuid(), name: name, vatNumber: DatasetGenerator.frenchVAT(random: &supplierRandom),
                          iban: DatasetGenerator.frenchIBAN(bank: supplierRandom.digits(5), random: &supplierRandom),
                          numberFormat: supplierRandom.int(in: 0...3))
        }
    }

    private func organizationJSON(transactions: [TransactionDraft]) -> JSON {
        func account(_ draft: BankAccountDraft) -> JSON {
            let settled = transactions.filter { $0.bankAccountID == draft.id && $0.status == "completed" }
            let balance = settled.last?.settledBalanceCents ?? openingBalances[draft.id] ?? 500_000
            let pending = transactions.filter { $0.bankAccountID == draft.id && $0.status == "pending" }
            let authorised = balance - pending.reduce(0) { $0 + ($1.side == "debit" ? $1.cents : 0) }
            let updated = settled.map(\.updatedAt).max() ?? now.adding(seconds: -86_400)
            return .object([
                ("slug", .string(draft.slug)), ("id", .string(draft.id)), ("name", .string(draft.name)),
                ("status", .string("active")), ("main", .bool(draft.main)), ("organization_id", .string(organizationID)),
                ("iban", .string(draft.iban)), ("bic", .string("QNTOFRP1XXX")), ("currency", .string("EUR")),
                ("balance", .euros(cents: balance)), ("balance_cents", .int(balance)),
                ("authorized_balance", .euros(cents: authorised)), ("authorized_balance_cents", .int(authorised)),
                ("is_external_account", .bool(false)), ("account_number", .null),
                ("updated_at", .string(updated.iso8601)),
            ])
        }
        return .object([
            ("slug", .string(slug)), ("id", .string(organizationID)), ("name", .string(organizationName)),
            ("legal_name", .string("\(organizationName) SAS")), ("locale", .string("fr")),
            ("legal_share_capital", .number("10000.0")), ("legal_country", .string("FR")),
            ("legal_registration_date", .string("2019-03-14")), ("legal_form", .string("SAS")),
            ("legal_address", .string("12 rue des Postiers, 75011 Paris")), ("legal_sector", .string("6201Z")),
            ("contract_signed_at", .string("2019-03-20T09:12:44.000Z")), ("legal_number", .string("852741963")),
            ("bank_accounts", .array([account(mainAccount), account(savingsAccount)])),
        ])
    }

    // MARK: Helpers

    /// Registers an attachment and returns its id.
    mutating func addAttachment(id: String, createdAt: Instant, fileName: String, contentType: String,
                                content: AttachmentContent, probativeStatus: String = "available") -> String {
        attachments[id] = AttachmentRecord(id: id, createdAt: createdAt.adding(milliseconds: 97).iso8601, fileName: fileName,
                                           contentType: contentType, probative: .object([("status", .string(probativeStatus))]),
                                           content: content)
        return id
    }

    /// A decimal string with two decimals, as Qonto writes invoice amounts (`-45.00`, `1234.56`).
    static func decimal(_ cents: Int) -> String {
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return "\(cents < 0 ? "-" : "")\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// `{"value": "12.34", "currency": "EUR"}`, or `null`.
    static func money(_ cents: Int?, _ currency: String, literal: String? = nil) -> JSON {
        guard let cents else { return .null }
        return .object([("value", .string(literal ?? decimal(cents))), ("currency", .string(currency))])
    }

    /// A French IBAN with valid ISO 13616 check digits (mod 97), so IBAN validators accept it.
    /// A made-up but well-formed French VAT number: `FR` + key + a SIREN whose last digit is its
    /// Luhn check digit; the key is (12 + 3 × (SIREN mod 97)) mod 97. Draws 11 digits, as the
    /// generator always has, so the rest of the dataset stays the same for a seed.
    static func frenchVAT(random: inout SeededGenerator) -> String {
        let body = Array(random.digits(11).prefix(8)).map { Int(String($0))! }
        var sum = 0
        for (index, digit) in body.reversed().enumerated() {
            // The check digit will sit rightmost, so the body's rightmost digit is doubled.
            let value = index % 2 == 0 ? digit * 2 : digit
            sum += value > 9 ? value - 9 : value
        }
        let siren = body.map(String.init).joined() + String((10 - sum % 10) % 10)
        let key = (12 + 3 * (Int(siren)! % 97)) % 97
        return "FR\(key < 10 ? "0" : "")\(key)\(siren)"
    }

    static func frenchIBAN(bank: String, random: inout SeededGenerator) -> String {
        let bban = bank + random.digits(5) + random.digits(11) + random.digits(2)
        // Move "FR00" to the end, letters as numbers (F = 15, R = 27), then 98 - (n mod 97).
        var remainder = 0
        for character in bban + "152700" { remainder = (remainder * 10 + Int(String(character))!) % 97 }
        let check = 98 - remainder
        return "FR\(check < 10 ? "0" : "")\(check)\(bban)"
    }
}
