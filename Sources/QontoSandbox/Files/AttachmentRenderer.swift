import Foundation

/// Turns an attachment's ``AttachmentContent`` into file bytes, from the current dataset state.
///
/// Invoice PDFs and e-invoice XML are rendered from the invoice's JSON at download time, so they
/// always agree with what the API says (amount, number, supplier) — including after
/// `touchInvoice` changes the amount. Nothing is cached: the files are a few kilobytes.
enum AttachmentRenderer {
    /// The bytes of one attachment.
    /// - Parameters:
    ///   - content: where the bytes come from.
    ///   - invoice: looks up a supplier or client invoice object by id.
    ///   - organizationName: the buyer printed on supplier invoices and the seller on client invoices.
    /// - Throws: when a dataset directory's file cannot be read.
    static func bytes(for content: AttachmentContent, invoice: (String) -> JSON?, organizationName: String) throws -> [UInt8] {
        switch content {
        case .empty: return []
        case .jpeg: return ImageFiles.jpeg
        case .png(let variant): return ImageFiles.png(variant: variant)
        case .file(let path): return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        case .invoicePDF(let id): return pdf(invoice(id) ?? .object([]), organizationName: organizationName).bytes()
        case .einvoiceXML(let id): return xml(invoice(id) ?? .object([]), organizationName: organizationName)
        }
    }

    /// The one-page rendering of a supplier invoice, client invoice or review document.
    static func pdf(_ invoice: JSON, organizationName: String) -> PDFDocument {
        let amount = invoice["total_amount"]
        let currency = amount?["currency"]?.stringValue ?? "EUR"
        func money(_ key: String) -> String {
            invoice[key]?["value"]?.stringValue.map { "\($0) \(currency)" } ?? "—"
        }
        if let client = invoice["client"] {
            // A client invoice: the organisation is the seller.
            let number = invoice["number"]?.stringValue ?? "—"
            return PDFDocument(title: "Facture \(number)", lines: [
                .init(text: organizationName, size: 16, bold: true),
                .init(text: "FACTURE", size: 20, bold: true),
                .init(text: "Facture n° \(number)"),
                .init(text: "Client : \(client["name"]?.stringValue ?? "—")"),
                .init(text: "Total TTC : \(money("total_amount"))", bold: true),
                .init(text: "Document fictif généré par le bac à sable Qonto de Facteur.", size: 8),
            ])
        }
        guard let supplier = invoice["supplier_name"]?.stringValue else {
            // A "Document Review" item: not an invoice, nothing to total.
            return PDFDocument(title: "Document", lines: [
                .init(text: "ATTESTATION", size: 20, bold: true),
                .init(text: "Document sans valeur comptable (pièce à vérifier)."),
                .init(text: "Destinataire : \(organizationName)"),
                .init(text: "Document fictif généré par le bac à sable Qonto de Facteur.", size: 8),
            ])
        }
        let number = invoice["invoice_number"]?.stringValue ?? "—"
        let isCreditNote = invoice["is_credit_note"] == .bool(true)
        return PDFDocument(title: "\(isCreditNote ? "Avoir" : "Facture") \(number)", lines: [
            .init(text: supplier, size: 16, bold: true),
            .init(text: isCreditNote ? "AVOIR" : "FACTURE", size: 20, bold: true),
            .init(text: "\(isCreditNote ? "Avoir" : "Facture") n° \(number)"),
            .init(text: "Client : \(organizationName)"),
            .init(text: "TVA intracommunautaire : \(invoice["vat_number"]?.stringValue ?? "—")"),
            .init(text: "Total HT : \(money("total_amount_excluding_taxes"))"),
            .init(text: "TVA : \(money("total_tax_amount"))"),
            .init(text: "Total TTC : \(money("total_amount"))", bold: true),
            .init(text: "IBAN : \(invoice["iban"]?.stringValue ?? "—")"),
            .init(text: "Document fictif généré par le bac à sable Qonto de Facteur.", size: 8),
        ])
    }

    /// A minimal UN/CEFACT CrossIndustryInvoice (the XML inside Factur-X), well-formed UTF-8.
    static func xml(_ invoice: JSON, organizationName: String) -> [UInt8] {
        func escaped(_ text: String?) -> String {
            (text ?? "").replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        let amount = invoice["total_amount"]
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" \
            xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100">
              <rsm:ExchangedDocument>
                <ram:ID>\(escaped(invoice["invoice_number"]?.stringValue))</ram:ID>
                <ram:TypeCode>\(invoice["is_credit_note"] == .bool(true) ? "381" : "380")</ram:TypeCode>
              </rsm:ExchangedDocument>
              <rsm:SupplyChainTradeTransaction>
                <ram:ApplicableHeaderTradeAgreement>
                  <ram:SellerTradeParty><ram:Name>\(escaped(invoice["supplier_name"]?.stringValue))</ram:Name></ram:SellerTradeParty>
                  <ram:BuyerTradeParty><ram:Name>\(escaped(organizationName))</ram:Name></ram:BuyerTradeParty>
                </ram:ApplicableHeaderTradeAgreement>
                <ram:ApplicableHeaderTradeSettlement>
                  <ram:InvoiceCurrencyCode>\(escaped(amount?["currency"]?.stringValue))</ram:InvoiceCurrencyCode>
                  <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
                    <ram:GrandTotalAmount>\(escaped(amount?["value"]?.stringValue))</ram:GrandTotalAmount>
                  </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
                </ram:ApplicableHeaderTradeSettlement>
              </rsm:SupplyChainTradeTransaction>
            </rsm:CrossIndustryInvoice>

            """
        return Array(text.utf8)
    }
}
