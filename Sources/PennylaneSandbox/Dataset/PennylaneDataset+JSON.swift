import Foundation

/// The documented v2 shapes, including fields Facteur does not read, so the client's tolerance of
/// unknown fields and of `""`/null values is exercised.
extension PennylaneDataset.Supplier {
    func json(baseURL: String) -> [String: Any] {
        [
            "id": id, "name": name, "reg_no": regNo ?? NSNull(), "establishment_no": establishmentNo ?? NSNull(),
            "vat_number": vatNumber ?? "", "iban": iban ?? "", "emails": emails,
            "ledger_account": ledgerAccountID.map { ["id": $0, "url": "\(baseURL)/ledger_accounts/\($0)"] as [String: Any] } ?? NSNull(),
            "postal_address": ["address": "", "postal_code": "", "city": "", "country_alpha2": "FR"],
            "supplier_payment_method": NSNull(), "supplier_due_date_delay": NSNull(), "supplier_due_date_rule": NSNull(),
            "external_reference": "sandbox-supplier-\(id)",
            "created_at": SandboxTime.format(updatedAt), "updated_at": SandboxTime.format(updatedAt),
        ]
    }

    func filterValue(_ field: String) -> String? {
        switch field {
        case "id": String(id)
        case "ledger_account_id": ledgerAccountID.map(String.init)
        case "name": name
        case "external_reference": "sandbox-supplier-\(id)"
        default: nil
        }
    }
}

extension PennylaneDataset.Customer {
    func json(baseURL: String) -> [String: Any] {
        let address: [String: Any] = ["address": "", "postal_code": "", "city": "", "country_alpha2": "FR"]
        return [
            "id": id, "name": name, "customer_type": "company", "reg_no": regNo ?? NSNull(), "vat_number": vatNumber ?? "",
            "billing_iban": billingIBAN ?? NSNull(), "emails": [String](), "phone": "", "recipient": "", "notes": "",
            "ledger_account": ledgerAccountID.map { ["id": $0] as [String: Any] } ?? NSNull(),
            "billing_address": address, "delivery_address": address, "payment_conditions": "30_days",
            "external_reference": "sandbox-customer-\(id)", "billing_language": "fr_FR",
            "created_at": SandboxTime.format(updatedAt), "updated_at": SandboxTime.format(updatedAt),
        ]
    }

    func filterValue(_ field: String) -> String? {
        switch field {
        case "id": String(id)
        case "reg_no": regNo
        case "name": name
        case "external_reference": "sandbox-customer-\(id)"
        default: nil
        }
    }
}

extension PennylaneDataset.SupplierInvoice {
    func json(baseURL: String) -> [String: Any] {
        let link = { (name: String) -> [String: Any] in ["url": "\(baseURL)/supplier_invoices/\(id)/\(name)"] }
        return [
            "id": id, "label": "Facture \(invoiceNumber)", "invoice_number": invoiceNumber, "currency": currency,
            "amount": amount, "currency_amount": amount, "currency_amount_before_tax": amount, "exchange_rate": "1.0",
            "date": date, "deadline": date, "currency_tax": "0.0", "tax": "0.0", "reconciled": false,
            "accounting_status": accountingStatus, "filename": filename ?? NSNull(),
            "public_file_url": filename.map { "\(baseURL)/_files/\(id)/\($0)?expires=1800" } ?? NSNull(),
            "remaining_amount_with_tax": amount, "remaining_amount_without_tax": amount,
            "ledger_entry": ["id": 900_000 + id],
            "supplier": supplierID.map { ["id": $0, "url": "\(baseURL)/suppliers/\($0)"] as [String: Any] } ?? NSNull(),
            "invoice_lines": link("invoice_lines"), "categories": link("categories"), "payments": link("payments"),
            "matched_transactions": link("matched_transactions"), "transaction_reference": NSNull(),
            "payment_status": "to_be_paid", "external_reference": "sandbox-invoice-\(id)", "archived_at": NSNull(),
            "created_at": SandboxTime.format(updatedAt), "updated_at": SandboxTime.format(updatedAt),
        ]
    }

    func filterValue(_ field: String) -> String? {
        switch field {
        case "id": String(id)
        case "supplier_id": supplierID.map(String.init)
        case "invoice_number": invoiceNumber
        case "date": date
        case "external_reference": "sandbox-invoice-\(id)"
        default: nil
        }
    }
}

extension PennylaneDataset.Change {
    var json: [String: Any] {
        ["id": recordID, "operation": operation, "processed_at": SandboxTime.format(processedAt),
         "updated_at": SandboxTime.format(processedAt), "created_at": SandboxTime.format(processedAt)]
    }
}
