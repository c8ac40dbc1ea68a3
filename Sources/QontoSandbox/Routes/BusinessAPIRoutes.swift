import Foundation
import Hummingbird

/// The read-only Business API routes: organisation, supplier and client invoices, transactions.
///
/// Authentication, faults and request ids are handled by ``SandboxMiddleware`` before these run.
/// List defaults where Qonto documents none: supplier invoices `per_page` 25 and
/// `sort_by=created_at:desc`; client invoices `per_page` 100, `created_at:desc`, invoicing-style
/// `meta` (`previous_page`); transactions `per_page` 100, `settled_at:desc`, and only `completed`
/// ones unless `status[]` says otherwise (Qonto's default status filter, per its sync guide).
struct BusinessAPIRoutes {
    let state: SandboxState
    let configuration: SandboxConfiguration

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/v2/organization") { _, _ in
            Replies.json(.object([("organization", await state.organization)]))
        }
        router.get("/v2/supplier_invoices") { request, _ in
            Listing.respond(await state.supplierInvoices, query: FormParameters(request.uri.query ?? ""), spec: supplierInvoiceSpec)
        }
        router.get("/v2/supplier_invoices/:id") { _, context in
            guard let invoice = await state.supplierInvoice(id: context.parameters.get("id") ?? "") else { return Replies.notFound() }
            return Replies.json(.object([("supplier_invoice", invoice.body)]))
        }
        router.get("/v2/client_invoices") { request, _ in
            Listing.respond(await state.clientInvoices, query: FormParameters(request.uri.query ?? ""), spec: clientInvoiceSpec)
        }
        router.get("/v2/client_invoices/:id") { _, context in
            guard let invoice = await state.clientInvoice(id: context.parameters.get("id") ?? "") else { return Replies.notFound() }
            return Replies.json(.object([("client_invoice", invoice.body)]))
        }
        router.get("/v2/transactions") { request, _ in
            await listTransactions(FormParameters(request.uri.query ?? ""))
        }
        router.get("/v2/transactions/:id") { _, context in
            guard let transaction = await state.transaction(id: context.parameters.get("id") ?? "") else { return Replies.notFound() }
            return Replies.json(.object([("transaction", transaction.body)]))
        }
    }

    /// `GET /v2/transactions`: scoped to one account by `bank_account_id` or `iban` (required).
    private func listTransactions(_ query: FormParameters) async -> Response {
        let accounts = await state.organization["bank_accounts"]?.arrayValue ?? []
        let account: JSON?
        if let id = query["bank_account_id"] {
            account = accounts.first { $0["id"]?.stringValue == id }
        } else if let iban = query["iban"] {
            let compact = iban.replacingOccurrences(of: " ", with: "").uppercased()
            account = accounts.first { $0["iban"]?.stringValue == compact }
        } else {
            return Replies.invalidParameter("bank_account_id", "bank_account_id or iban is required")
        }
        guard let accountID = account?["id"]?.stringValue else {
            return Replies.apiError(.notFound, code: "not_found", detail: "Bank account not found")
        }
        var transactions = await state.transactions.filter { $0.string("bank_account_id") == accountID }
        if let withAttachments = query["with_attachments"] {
            guard ["true", "false"].contains(withAttachments) else {
                return Replies.invalidParameter("with_attachments", "with_attachments must be true or false")
            }
            transactions = transactions.filter { ($0.body["attachment_ids"]?.arrayValue?.isEmpty == false) == (withAttachments == "true") }
        }
        return Listing.respond(transactions, query: query, spec: transactionSpec)
    }

    private var supplierInvoiceSpec: ListSpec {
        ListSpec(key: "supplier_invoices",
                 dateFilters: ListSpec.dateRange(["updated_at", "created_at"], bracketed: true),
                 statusParameters: ["filter[status]", "filter[status][]"],
                 valueFilters: [.init(parameters: ["filter[attachment_id]", "filter[attachment_id][]"], field: "attachment_id")],
                 sortFields: ["created_at", "updated_at"], defaultSort: "created_at:desc",
                 defaultPerPage: min(25, configuration.maxPerPage), maxPerPage: configuration.maxPerPage)
    }

    private var clientInvoiceSpec: ListSpec {
        ListSpec(key: "client_invoices",
                 dateFilters: ListSpec.dateRange(["updated_at", "created_at"], bracketed: true),
                 statusParameters: ["filter[status]", "filter[status][]"],
                 sortFields: ["created_at", "updated_at"], defaultSort: "created_at:desc",
                 defaultPerPage: min(100, configuration.maxClientInvoicesPerPage),
                 maxPerPage: configuration.maxClientInvoicesPerPage, metaStyle: .invoicing)
    }

    private var transactionSpec: ListSpec {
        ListSpec(key: "transactions",
                 dateFilters: ListSpec.dateRange(["updated_at", "settled_at", "emitted_at", "created_at"], bracketed: false),
                 statusParameters: ["status[]", "status"], defaultStatuses: ["completed"],
                 valueFilters: [.init(parameters: ["side"], field: "side"),
                                .init(parameters: ["operation_type[]", "operation_type"], field: "operation_type")],
                 sortFields: ["settled_at", "updated_at", "created_at", "emitted_at"], defaultSort: "settled_at:desc",
                 defaultPerPage: min(100, configuration.maxPerPage), maxPerPage: configuration.maxPerPage)
    }
}
