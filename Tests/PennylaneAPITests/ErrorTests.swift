import Curl
import FacteurCore
import Foundation
import PennylaneAPI
import PennylaneSandbox
import Testing

/// 401 and 403 over real HTTP: clear, classified, and never carrying the token.
@Suite struct ErrorTests {
    @Test func anUnknownTokenIsAnAuthenticationErrorThatDoesNotContainIt() async throws {
        try await Harness.withSandbox { sandbox in
            let token = "pl-company-Zq81x-secret-token"
            let box = try Harness.client(sandbox, token: token, sleep: SleepRecorder().sleep)
            let error = try #require(await Harness.error { try box.client.suppliers { _ in } })
            #expect(error.code == .authentication && error.status == 401 && error.isAuthFailure && !error.isTransient)
            #expect(error.message.contains("/suppliers") && error.message.contains("401"))
            #expect(!"\(error)".contains(token) && !error.message.contains(token) && !String(reflecting: error).contains(token))
            #expect(await sandbox.requests().map(\.status) == [401], "no retry on 401")
        }
    }

    @Test func aTokenWithoutTheScopeIsForbiddenAndTheScopeIsNamed() async throws {
        let token = "pl-company-only-invoices-4410"
        try await Harness.withSandbox({ $0.tokens[token] = ["supplier_invoices:readonly"] }) { sandbox in
            let box = try Harness.client(sandbox, token: token, sleep: SleepRecorder().sleep)
            let error = try #require(await Harness.error { try box.client.suppliers { _ in } })
            #expect(error.code == .forbidden && error.status == 403)
            #expect(error.message.contains("lacks the scope suppliers:readonly"))
            #expect(!"\(error)".contains(token) && !String(reflecting: error).contains(token))
            // the scope it has works
            let count = try await Harness.run {
                var count = 0
                try box.client.supplierInvoices { count += $0.count }
                return count
            }
            #expect(count == 6)
        }
    }

    @Test func settingsNeverPrintTheToken() {
        let settings = PennylaneSettings(token: "pl-secret-777", http: HTTPSettings(userAgent: "t"))
        #expect(!"\(settings)".contains("pl-secret-777"))
        #expect(settings.apiURL == "https://app.pennylane.com/api/external/v2")
        #expect(PennylaneSettings(token: "t", http: HTTPSettings(userAgent: "t"), pageSize: 500).pageSize == 100)
    }

    @Test func aFilterPennylaneRefusesIsARejectedError() async throws {
        try await Harness.withSandbox { sandbox in
            let box = try Harness.client(sandbox, sleep: SleepRecorder().sleep)
            let error = try #require(await Harness.error {
                try box.client.supplierInvoices(filters: [PennylaneFilter("label", .eq, "x")]) { _ in }
            })
            #expect(error.code == .rejected && error.status == 400 && error.message.contains("label"))
        }
    }
}
