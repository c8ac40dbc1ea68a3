import FacteurCore
import FacteurTesting
import Foundation
import PennylaneAPI
import PennylaneSandbox
import Testing

/// Incremental sync through `changelogs/{resource}`.
@Suite(.poolWatchdog) struct ChangelogTests {
    static let day = 86_400.0

    @Test func changesSinceADateComeOldestFirstAcrossPages() async throws {
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        try await Harness.withSandbox({ configuration in
            configuration.now = { now }
            configuration.dataset = PennylaneDataset(suppliers: PennylaneDataset.numberedSuppliers(3), changes: [
                .init(resource: .suppliers, recordID: 2, operation: "update", processedAt: now.addingTimeInterval(-3 * Self.day)),
                .init(resource: .suppliers, recordID: 1, operation: "insert", processedAt: now.addingTimeInterval(-10 * Self.day)),
                .init(resource: .suppliers, recordID: 3, operation: "delete", processedAt: now.addingTimeInterval(-1 * Self.day)),
                .init(resource: .customers, recordID: 9, operation: "insert", processedAt: now.addingTimeInterval(-2 * Self.day)),
            ])
        }) { sandbox in
            await sandbox.add(PennylaneDataset.Supplier(id: 4, name: "Nouveau fournisseur"))
            let box = try Harness.client(sandbox, changelogPageSize: 2, sleep: SleepRecorder().sleep)
            let (changes, pages) = try await Harness.run {
                var changes: [PennylaneChange] = [], pages = 0
                try box.client.changelogs(.suppliers, since: now.addingTimeInterval(-5 * Self.day)) { changes += $0; pages += 1 }
                return (changes, pages)
            }
            #expect(changes.map(\.id) == [2, 3, 4])
            #expect(changes.map(\.operation) == [.update, .delete, .insert])
            #expect(changes.map(\.processedAt) == [now.addingTimeInterval(-3 * Self.day), now.addingTimeInterval(-Self.day), now])
            #expect(pages == 2)
            let requests = await sandbox.requests()
            #expect(requests.map(\.path) == ["/changelogs/suppliers", "/changelogs/suppliers"])
            #expect(requests[0].query["start_date"] != nil && requests[0].query["cursor"] == nil)
            #expect(requests[1].query["start_date"] == nil && requests[1].query["cursor"] != nil, "start_date may not travel with cursor")
        }
    }

    @Test func withoutADateTheLastFourWeeksComeBack() async throws {
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        try await Harness.withSandbox({ configuration in
            configuration.now = { now }
            configuration.dataset = PennylaneDataset(changes: [
                .init(resource: .supplierInvoices, recordID: 1, operation: "insert", processedAt: now.addingTimeInterval(-40 * Self.day)),
                .init(resource: .supplierInvoices, recordID: 2, operation: "insert", processedAt: now.addingTimeInterval(-20 * Self.day)),
            ])
        }) { sandbox in
            let box = try Harness.client(sandbox, sleep: SleepRecorder().sleep)
            let ids = try await Harness.run {
                var ids: [Int] = []
                try box.client.changelogs(.supplierInvoices, since: nil) { ids += $0.map(\.id) }
                return ids
            }
            #expect(ids == [2])
        }
    }

    @Test func aStartDateOlderThanFourWeeksIsRejected() async throws {
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        try await Harness.withSandbox({ $0.now = { now } }) { sandbox in
            let box = try Harness.client(sandbox, sleep: SleepRecorder().sleep)
            let error = try #require(await Harness.error {
                try box.client.changelogs(.customers, since: now.addingTimeInterval(-30 * Self.day)) { _ in }
            })
            #expect(error.code == .rejected && error.status == 422)
        }
    }
}
