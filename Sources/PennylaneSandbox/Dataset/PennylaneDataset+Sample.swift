public import Foundation

extension PennylaneDataset {
    /// A small invented company ledger: five suppliers (one without identifiers), two customers,
    /// six supplier invoices (one unlinked draft) and an insert event for each record, processed
    /// over the last ten days before `now`. Names and numbers are made up.
    public static func sample(now: Date) -> PennylaneDataset {
        let day = 86_400.0
        let suppliers = [
            Supplier(id: 1001, name: "Papeterie Lumière SARL", regNo: "732829320", establishmentNo: "73282932000074",
                     vatNumber: "FR44732829320", iban: "FR7630006000011234567890189", ledgerAccountID: 40_101, emails: ["compta@papeterie-lumiere.example"]),
            Supplier(id: 1002, name: "Boulangerie Élise", regNo: "404833048", vatNumber: "FR83404833048", ledgerAccountID: 40_102),
            Supplier(id: 1003, name: "Transports Müller & Fils", regNo: "443121975", establishmentNo: "44312197500016",
                     vatNumber: "FR46443121975", ledgerAccountID: 40_103),
            Supplier(id: 1004, name: "Google Ireland Limited", vatNumber: "IE6388047V", ledgerAccountID: 40_104),
            Supplier(id: 1005, name: "Plomberie Dupont", ledgerAccountID: 40_105),
        ]
        let customers = [
            Customer(id: 2001, name: "Atelier Céleste SAS", regNo: "552100554", vatNumber: "FR40552100554",
                     billingIBAN: "FR1420041010050500013M02606", ledgerAccountID: 41_101),
            Customer(id: 2002, name: "Café des Arts", ledgerAccountID: 41_102),
        ]
        let invoices = [
            SupplierInvoice(id: 5001, invoiceNumber: "PL-2026-0101", amount: "118.80", date: "2026-01-05", supplierID: 1001,
                            filename: "papeterie-2026-0101.pdf", accountingStatus: "complete"),
            SupplierInvoice(id: 5002, invoiceNumber: "PL-2026-0142", amount: "59.40", date: "2026-02-03", supplierID: 1001,
                            filename: "papeterie-2026-0142.pdf", accountingStatus: "validation_needed"),
            SupplierInvoice(id: 5003, invoiceNumber: "BE-889", amount: "23.10", date: "2026-02-10", supplierID: 1002,
                            filename: "boulangerie.pdf", accountingStatus: "entry"),
            SupplierInvoice(id: 5004, invoiceNumber: "TM/2026/17", amount: "1450.00", date: "2026-02-12", supplierID: 1003,
                            filename: "transports-17.pdf", accountingStatus: "draft"),
            SupplierInvoice(id: 5005, invoiceNumber: "5213377401", amount: "12.00", currency: "EUR", date: "2026-02-28", supplierID: 1004,
                            filename: "google-workspace-feb.pdf", accountingStatus: "complete"),
            SupplierInvoice(id: 5006, invoiceNumber: "", amount: "240.00", date: "2026-03-01", supplierID: nil,
                            filename: "scan-0042.pdf", accountingStatus: "draft"),
        ]
        var changes: [Change] = []
        let records = suppliers.map { (Resource.suppliers, $0.id) } + customers.map { (Resource.customers, $0.id) }
            + invoices.map { (Resource.supplierInvoices, $0.id) }
        for (position, (resource, id)) in records.enumerated() {
            changes.append(Change(resource: resource, recordID: id, operation: "insert",
                                  processedAt: now.addingTimeInterval(-10 * day + Double(position) * 3600)))
        }
        return PennylaneDataset(suppliers: suppliers, customers: customers, supplierInvoices: invoices, changes: changes)
    }

    /// `count` numbered suppliers with ids from `firstID` (for pagination tests).
    public static func numberedSuppliers(_ count: Int, firstID: Int = 1) -> [Supplier] {
        (0..<count).map { Supplier(id: firstID + $0, name: "Fournisseur \(firstID + $0)", ledgerAccountID: 40_000 + firstID + $0) }
    }
}
