import Foundation
import QontoSandbox
import Testing

/// List endpoints over real HTTP: envelopes, `meta`, pagination, filters and their 422s.
struct ListingTests {
    @Test func supplierInvoicesComeInTheDocumentedEnvelopeWithAMetaBlock() async throws {
        try await withSandbox { _, http in
            let reply = try await http.get("/v2/supplier_invoices?per_page=10")
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type") == "application/json; charset=utf-8")
            #expect(reply.header("x-request-id") != nil)
            #expect(reply.items("supplier_invoices").count == 10)
            let meta = reply.meta
            #expect(meta["current_page"] as? Int == 1)
            #expect(meta["next_page"] as? Int == 2)
            #expect(meta["prev_page"] is NSNull)
            #expect(meta["total_pages"] as? Int == 3)
            #expect(meta["total_count"] as? Int == 24)
            #expect(meta["per_page"] as? Int == 10)
            let invoice = try #require(reply.items("supplier_invoices").first)
            #expect(invoice["total_amount"] == nil || invoice["total_amount"] is NSNull || (invoice["total_amount"] as? [String: Any])?["value"] is String)
        }
    }

    @Test func walkingPagesWithPageReachesEveryInvoiceOnceAndEndsOnANullNextPage() async throws {
        try await withSandbox(invoicesPerYear: 23) { _, http in
            var seen: [String] = []
            var page: Int? = 1
            var requests = 0
            while let current = page, requests < 20 {
                let reply = try await http.get("/v2/supplier_invoices?per_page=5&sort_by=updated_at:asc&page=\(current)")
                seen += reply.items("supplier_invoices").compactMap { $0["id"] as? String }
                #expect(reply.meta["current_page"] as? Int == current)
                page = reply.meta["next_page"] as? Int
                requests += 1
            }
            #expect(requests == 5)
            #expect(seen.count == 23 && Set(seen).count == 23)
            let past = try await http.get("/v2/supplier_invoices?per_page=5&page=9")
            #expect(past.status == 200 && past.items("supplier_invoices").isEmpty && past.meta["next_page"] is NSNull)
        }
    }

    @Test func currentPageIsIgnoredSoEveryCallReturnsPageOne() async throws {
        try await withSandbox { _, http in
            let first = try await http.get("/v2/supplier_invoices?per_page=5")
            let stuck = try await http.get("/v2/supplier_invoices?per_page=5&current_page=3")
            #expect(stuck.meta["current_page"] as? Int == 1)
            #expect(stuck.items("supplier_invoices").map { $0["id"] as? String } == first.items("supplier_invoices").map { $0["id"] as? String })
        }
    }

    @Test func perPageOutsideOneToMaxIsA422NamingTheParameter() async throws {
        try await withSandbox { _, http in
            for value in ["0", "101", "abc", "-1"] {
                let reply = try await http.get("/v2/supplier_invoices?per_page=\(value)")
                #expect(reply.status == 422)
                #expect(reply.errorCode == "invalid_parameter")
                let error = (reply.json["errors"] as? [[String: Any]])?.first
                #expect((error?["source"] as? [String: Any])?["parameter"] as? String == "per_page")
                #expect((reply.json["trace_id"] as? String)?.hasPrefix("sim-") == true)
            }
            #expect(try await http.get("/v2/supplier_invoices?per_page=100").status == 200)
            #expect(try await http.get("/v2/supplier_invoices?page=0").status == 422)
            #expect(try await http.get("/v2/supplier_invoices?sort_by=amount:asc").status == 422)
        }
    }

    @Test func updatedAtFiltersAreInclusiveAtBothEnds() async throws {
        try await withSandbox { _, http in
            let all = try await http.get("/v2/supplier_invoices?per_page=100&sort_by=updated_at:asc").items("supplier_invoices")
            let stamps = all.compactMap { $0["updated_at"] as? String }
            let from = stamps[5], to = stamps[10]
            let reply = try await http.get("/v2/supplier_invoices?per_page=100&sort_by=updated_at:asc"
                + "&\(bracketsEncoded("filter[updated_at_from]"))=\(from)&filter[updated_at_to]=\(to)")
            let got = reply.items("supplier_invoices").compactMap { $0["updated_at"] as? String }
            #expect(got.first == from && got.last == to)
            #expect(got.count == stamps.filter { $0 >= from && $0 <= to }.count)
            #expect(got == got.sorted())
        }
    }

    @Test func aMalformedDateIsA422() async throws {
        try await withSandbox { _, http in
            let reply = try await http.get("/v2/supplier_invoices?filter[updated_at_from]=last-tuesday")
            #expect(reply.status == 422)
            let error = (reply.json["errors"] as? [[String: Any]])?.first
            #expect((error?["source"] as? [String: Any])?["parameter"] as? String == "filter[updated_at_from]")
        }
    }

    @Test func statusFiltersAcceptBothSpellings() async throws {
        try await withSandbox(invoicesPerYear: 60) { _, http in
            let paid = try await http.get("/v2/supplier_invoices?per_page=100&filter[status]=paid").items("supplier_invoices")
            #expect(!paid.isEmpty && paid.allSatisfy { $0["status"] as? String == "paid" })
            let both = try await http.get("/v2/supplier_invoices?per_page=100&filter[status][]=paid&\(bracketsEncoded("filter[status][]"))=to_review")
            let statuses = Set(both.items("supplier_invoices").compactMap { $0["status"] as? String })
            #expect(statuses == ["paid", "to_review"])
        }
    }

    @Test func aSingleInvoiceHasItsEnvelopeAndAnUnknownIdIsA404() async throws {
        try await withSandbox { _, http in
            let id = try #require(try await http.get("/v2/supplier_invoices?per_page=1").items("supplier_invoices").first?["id"] as? String)
            let reply = try await http.get("/v2/supplier_invoices/\(id)")
            #expect((reply.json["supplier_invoice"] as? [String: Any])?["id"] as? String == id)
            let missing = try await http.get("/v2/supplier_invoices/00000000-0000-4000-8000-000000000000")
            #expect(missing.status == 404 && missing.errorCode == "not_found")
        }
    }

    @Test func clientInvoicesUseTheInvoicingMetaWithPreviousPage() async throws {
        try await withSandbox(invoicesPerYear: 40) { _, http in
            let reply = try await http.get("/v2/client_invoices?per_page=3&page=2")
            #expect(reply.items("client_invoices").count == 3)
            #expect(reply.meta["previous_page"] as? Int == 1)
            #expect(reply.meta["prev_page"] == nil)
            #expect(reply.meta["total_count"] as? Int == 10)
            let id = try #require(reply.items("client_invoices").first?["id"] as? String)
            #expect((try await http.get("/v2/client_invoices/\(id)").json["client_invoice"] as? [String: Any])?["number"] is String)
        }
    }

    @Test func transactionsNeedABankAccountAndDefaultToCompletedOnes() async throws {
        try await withSandbox { sandbox, http in
            let missing = try await http.get("/v2/transactions")
            #expect(missing.status == 422 && missing.errorCode == "invalid_parameter")
            let account = try #require(await sandbox.bankAccountIDs().first)
            let completed = try await http.get("/v2/transactions?bank_account_id=\(account)&per_page=100").items("transactions")
            #expect(!completed.isEmpty && completed.allSatisfy { $0["status"] as? String == "completed" })
            let all = try await http.get("/v2/transactions?bank_account_id=\(account)&per_page=100&status[]=completed&status[]=pending&status[]=declined&status[]=reversed")
            #expect(all.items("transactions").count == completed.count + 3)
            let first = try #require(completed.first)
            #expect(first["amount"] is Double && first["amount_cents"] is Int)
            let iban = try #require((try await http.get("/v2/organization").json["organization"] as? [String: Any])
                .flatMap { ($0["bank_accounts"] as? [[String: Any]])?.first?["iban"] as? String })
            #expect(try await http.get("/v2/transactions?iban=\(iban)&per_page=100").items("transactions").count == completed.count)
            #expect(try await http.get("/v2/transactions?bank_account_id=nope").status == 404)
        }
    }

    @Test func theOrganizationListsItsBankAccounts() async throws {
        try await withSandbox { _, http in
            let organization = try #require(try await http.get("/v2/organization").json["organization"] as? [String: Any])
            #expect(organization["slug"] as? String == "facteur-demo")
            let accounts = try #require(organization["bank_accounts"] as? [[String: Any]])
            #expect(accounts.count == 2)
            for key in ["id", "name", "status", "main", "iban", "bic", "currency", "balance", "balance_cents",
                        "authorized_balance", "authorized_balance_cents", "updated_at"] {
                #expect(accounts[0][key] != nil, "\(key)")
            }
        }
    }
}
