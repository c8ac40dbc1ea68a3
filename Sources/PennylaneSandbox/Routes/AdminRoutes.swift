import Foundation
import Hummingbird

/// The `/_sandbox/*` routes (no auth, sandbox only), to drive a sandbox in another process:
/// - `POST /_sandbox/suppliers`, `/_sandbox/customers`, `/_sandbox/supplier_invoices`: one record
///   or an array, in the API's field names (`ledger_account_id` or `ledger_account: {id}`,
///   `supplier_id` or `supplier: {id}`); adds or replaces by `id` and logs an insert or update
///   change → `200 {"ok": true, "count": N}`; a record without an integer `id` → 400;
/// - `POST /_sandbox/rate_limit {"count": N, "retry_after": S}`: the next N API responses are 429;
/// - `GET /_sandbox/requests` (the request log), `DELETE /_sandbox/requests` (clears it).
struct AdminRoutes {
    let store: SandboxStore

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.post("/_sandbox/suppliers") { request, _ in
            try await add(request) { json in
                guard let id = Self.int(json["id"]) else { return false }
                await store.upsert(PennylaneDataset.Supplier(
                    id: id, name: json["name"] as? String ?? "", regNo: json["reg_no"] as? String, establishmentNo: json["establishment_no"] as? String,
                    vatNumber: json["vat_number"] as? String, iban: json["iban"] as? String,
                    ledgerAccountID: Self.int(json["ledger_account_id"]) ?? Self.int((json["ledger_account"] as? [String: Any])?["id"]),
                    emails: json["emails"] as? [String] ?? [], updatedAt: store.configuration.now()))
                return true
            }
        }
        router.post("/_sandbox/customers") { request, _ in
            try await add(request) { json in
                guard let id = Self.int(json["id"]) else { return false }
                await store.upsert(PennylaneDataset.Customer(
                    id: id, name: json["name"] as? String ?? "", regNo: json["reg_no"] as? String, vatNumber: json["vat_number"] as? String,
                    billingIBAN: json["billing_iban"] as? String,
                    ledgerAccountID: Self.int(json["ledger_account_id"]) ?? Self.int((json["ledger_account"] as? [String: Any])?["id"]),
                    updatedAt: store.configuration.now()))
                return true
            }
        }
        router.post("/_sandbox/supplier_invoices") { request, _ in
            try await add(request) { json in
                guard let id = Self.int(json["id"]), let amount = json["amount"] as? String else { return false }
                await store.upsert(PennylaneDataset.SupplierInvoice(
                    id: id, invoiceNumber: json["invoice_number"] as? String ?? "", amount: amount, currency: json["currency"] as? String ?? "EUR",
                    date: json["date"] as? String ?? "", supplierID: Self.int(json["supplier_id"]) ?? Self.int((json["supplier"] as? [String: Any])?["id"]),
                    filename: json["filename"] as? String, accountingStatus: json["accounting_status"] as? String ?? "draft",
                    updatedAt: store.configuration.now()))
                return true
            }
        }
        router.post("/_sandbox/rate_limit") { request, _ in
            guard let json = try await Self.body(request) as? [String: Any] else { return Replies.badRequest("the body must be a JSON object") }
            await store.forceTooManyRequests(next: Self.int(json["count"]) ?? 1, retryAfter: Self.int(json["retry_after"]))
            return Replies.json(["ok": true])
        }
        router.get("/_sandbox/requests") { _, _ in
            Replies.json(await store.requests.map { entry -> [String: Any] in
                ["method": entry.method, "path": entry.path, "query": entry.query, "authenticated": entry.authenticated,
                 "status": entry.status, "received_at": SandboxTime.format(entry.receivedAt)]
            })
        }
        router.delete("/_sandbox/requests") { _, _ in
            await store.clearRequests()
            return Replies.json(["ok": true])
        }
    }

    /// Applies `upsert` to the body's object or each object of its array.
    private func add(_ request: Request, _ upsert: ([String: Any]) async -> Bool) async throws -> Response {
        let body = try await Self.body(request)
        guard let objects = (body as? [[String: Any]]) ?? (body as? [String: Any]).map({ [$0] }) else {
            return Replies.badRequest("the body must be a JSON object or an array of objects")
        }
        for object in objects {
            guard await upsert(object) else {
                return Replies.badRequest("every record needs an integer id (and invoices a decimal-string amount)")
            }
        }
        return Replies.json(["ok": true, "count": objects.count] as [String: Any])
    }

    static func body(_ request: Request) async throws -> Any? {
        var request = request
        let buffer = try await request.collectBody(upTo: 1 << 20)
        let bytes = buffer.getBytes(at: buffer.readerIndex, length: buffer.readableBytes) ?? []
        return try? JSONSerialization.jsonObject(with: Data(bytes))
    }

    static func int(_ value: Any?) -> Int? {
        if let text = value as? String { return Int(text) }
        if value is Bool { return nil }
        return (value as? NSNumber).flatMap { Int(exactly: $0.doubleValue) }
    }
}
