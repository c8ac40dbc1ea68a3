extension ConfigurationKey {
    /// Keys of counterparty matching and the ledger (Pennylane read-only API, FEC).
    static let matching: [ConfigurationKey] = [
        .init(name: "pennylane_api_url", defaultValue: "https://app.pennylane.com/api/external/v2", summary: "Pennylane API v2 base, read only (http:// only to a loopback host).", isSecret: false),
        .init(name: "pennylane_token", defaultValue: nil, summary: "A read-only Pennylane company token (scopes suppliers:readonly, customers:readonly, supplier_invoices:readonly). Prefer `facteur secret set pennylane_token`. Without it Facteur scores from Qonto's own data and an imported FEC.", isSecret: true),
        .init(name: "match_threshold", defaultValue: "10", summary: "Points an invoice's counterparty evidence must reach to be forwarded without review (an identifier agreement is worth 12–13, a matching IBAN 8, an exact name 6).", isSecret: false),
        .init(name: "match_margin", defaultValue: "4", summary: "Points the best directory candidate must lead the runner-up by; closer is held as too close to call.", isSecret: false),
        .init(name: "match_weights", defaultValue: nil, summary: "JSON object overriding individual scoring weights by name (see `facteur config keys` and the README's matching section), e.g. {\"ibanAgreement\": 6}.", isSecret: false),
        .init(name: "company_siren", defaultValue: nil, summary: "The company's own SIREN (or SIRET): printed on its suppliers' invoices as the buyer's, it is never taken for the supplier's.", isSecret: false),
        .init(name: "company_vat_number", defaultValue: nil, summary: "The company's own VAT number, ignored on invoices for the same reason.", isSecret: false),
        .init(name: "ledger_dedup_days", defaultValue: "3", summary: "An invoice of the same counterparty and amount within this many days of one already in the ledger is held as a likely duplicate.", isSecret: false),
    ]
}
