import Foundation
import Hummingbird

/// The read routes: suppliers, customers, supplier invoices (lists and single records) and the
/// changelogs. Lists sort by `id` (`sort=id` or the default `-id`) and page with opaque keyset
/// cursors (`limit` 1–100, default 20); changelogs page by position (`limit` 1–1000).
struct APIRoutes {
    let store: SandboxStore
    let configuration: PennylaneSandboxConfiguration
    let baseURL: @Sendable () -> String

    func addRoutes(to router: Router<BasicRequestContext>) {
        let api = PennylaneSandbox.apiPrefix
        router.get("\(api)/suppliers") { request, _ in
            let base = baseURL()
            return Listing.respond(await store.supplierList, query: QueryItems(request.uri.query ?? ""), scope: "suppliers",
                                   filters: Self.supplierFilters, id: \.id, value: { $0.filterValue($1) }, json: { $0.json(baseURL: base) })
        }
        router.get("\(api)/suppliers/:id") { _, context in
            let id = context.parameters.get("id").flatMap(Int.init)
            guard let record = await store.supplierList.first(where: { $0.id == id }) else { return Replies.error(.notFound, "Not found") }
            return Replies.json(record.json(baseURL: baseURL()))
        }
        router.get("\(api)/customers") { request, _ in
            let base = baseURL()
            return Listing.respond(await store.customerList, query: QueryItems(request.uri.query ?? ""), scope: "customers",
                                   filters: Self.customerFilters, id: \.id, value: { $0.filterValue($1) }, json: { $0.json(baseURL: base) })
        }
        router.get("\(api)/customers/:id") { _, context in
            let id = context.parameters.get("id").flatMap(Int.init)
            guard let record = await store.customerList.first(where: { $0.id == id }) else { return Replies.error(.notFound, "Not found") }
            return Replies.json(record.json(baseURL: baseURL()))
        }
        router.get("\(api)/supplier_invoices") { request, _ in
            let base = baseURL()
            return Listing.respond(await store.invoiceList, query: QueryItems(request.uri.query ?? ""), scope: "supplier_invoices",
                                   filters: Self.invoiceFilters, id: \.id, value: { $0.filterValue($1) }, json: { $0.json(baseURL: base) })
        }
        router.get("\(api)/supplier_invoices/:id") { _, context in
            let id = context.parameters.get("id").flatMap(Int.init)
            guard let record = await store.invoiceList.first(where: { $0.id == id }) else { return Replies.error(.notFound, "Not found") }
            return Replies.json(record.json(baseURL: baseURL()))
        }
        router.get("\(api)/changelogs/:resource") { request, context in
            guard let resource = context.parameters.get("resource").flatMap(PennylaneDataset.Resource.init(rawValue:)) else {
                return Replies.error(.notFound, "Not found")
            }
            return Changelog.respond(await store.changeList(resource), resource: resource, query: QueryItems(request.uri.query ?? ""),
                                     now: configuration.now(), retention: configuration.changelogRetention)
        }
    }

    static let comparisons: Set<String> = ["eq", "not_eq", "lt", "lteq", "gt", "gteq", "in", "not_in"]
    static let equality: Set<String> = ["eq", "not_eq", "in", "not_in"]

    static let supplierFilters = FilterSpec(fields: [
        "id": .init(kind: .integer, operators: comparisons), "ledger_account_id": .init(kind: .integer, operators: ["eq", "not_eq"]),
        "name": .init(kind: .text, operators: ["start_with"]), "external_reference": .init(kind: .text, operators: equality),
    ])
    static let customerFilters = FilterSpec(fields: [
        "id": .init(kind: .integer, operators: comparisons), "reg_no": .init(kind: .text, operators: ["eq"]),
        "name": .init(kind: .text, operators: ["eq", "start_with"]), "external_reference": .init(kind: .text, operators: equality),
    ])
    static let invoiceFilters = FilterSpec(fields: [
        "id": .init(kind: .integer, operators: comparisons), "supplier_id": .init(kind: .integer, operators: comparisons),
        "invoice_number": .init(kind: .text, operators: equality), "date": .init(kind: .text, operators: comparisons),
        "external_reference": .init(kind: .text, operators: equality),
    ])
}
