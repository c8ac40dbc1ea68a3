import FacteurCore
import FacteurTesting
import Foundation
import Store
import Testing

/// The window commit and the records' queries, the same on both engines.
@Suite("Record archive on SQLite and PostgreSQL", .postgresServer, .processHeavy)
struct RecordArchiveTests {
    let t0 = Date(timeIntervalSince1970: 1_795_612_921)

    func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    @Test("a window commits its messages, records, learned counterparties and marker together, or nothing at all",
          arguments: Engine.allCases)
    func windowCommitIsAtomicWithItsMarker(engine: Engine) async throws {
        try await withWorkspace(engine) { store in
            // Given a window with two forwards, a hold, a learned supplier and a marker
            let acme = Counterparty(id: "learned:acme", kind: .supplier, name: "Acme", source: "learned")
            let result = try store.records.commitWindow(
                forwarded: [(newMessage("r1"), qontoRecord("r1")), (newMessage("r2"), qontoRecord("r2"))],
                held: [qontoRecord("h1", disposition: "held", reason: "no file yet", retryable: true)],
                marker: (key: "qonto.marker", value: "2026-11-01T10:00:00Z"), retried: [], learned: [acme], now: t0)
            // Then everything is there
            #expect(result.queued == 2 && result.updated == 0 && result.duplicates == 0)
            #expect(result.held == 1 && result.heldForReview == 0)
            #expect(try store.settings.value("qonto.marker") == "2026-11-01T10:00:00Z")
            #expect(try store.outbox.list(state: nil, limit: nil).count == 2)
            #expect(try store.counterparties.all(kind: .supplier).map(\.id) == ["learned:acme"])
            #expect(try store.mailLog.entries(since: nil, until: nil).map(\.event) == ["enqueued", "enqueued", "held"])
            // When a window fails half-way (a Message-ID already used by another record)
            var clash = newMessage("r3")
            clash.messageID = newMessage("r1").messageID
            #expect(throws: StoreError.self) {
                _ = try store.records.commitWindow(
                    forwarded: [(newMessage("r4"), qontoRecord("r4")), (clash, qontoRecord("r3"))], held: [],
                    marker: (key: "qonto.marker", value: "2026-11-02T10:00:00Z"), retried: [], learned: [], now: at(60))
            }
            // Then nothing of it is visible: no message, no record, the old marker, no log row
            #expect(try store.settings.value("qonto.marker") == "2026-11-01T10:00:00Z")
            #expect(try store.outbox.list(state: nil, limit: nil).count == 2)
            #expect(try store.records.version(recordType: "supplier_invoice", recordID: "r4", contentHash: "c1") == nil)
            #expect(try store.mailLog.entries(since: nil, until: nil).count == 3)
            // And a window redone after a crash finds its versions already queued
            let again = try store.records.commitWindow(
                forwarded: [(newMessage("r1"), qontoRecord("r1"))], held: [], marker: nil, retried: [], learned: [], now: at(90))
            #expect(again.duplicates == 1 && again.queued == 0)
            #expect(try store.mailLog.verify().isIntact)
        }
    }

    @Test("facts come from the latest version's JSON with the fallbacks, and invalid JSON has none",
          arguments: Engine.allCases)
    func factsOfTheLatestVersion(engine: Engine) async throws {
        try await withWorkspace(engine) { store in
            var old = qontoRecord("r1", content: "c1")
            old.matchExplanation = "old"
            _ = try store.records.commitWindow(forwarded: [(newMessage("r1"), old)], held: [], marker: nil, retried: [],
                                                     learned: [], now: t0)
            var newer = qontoRecord("r1", content: "c2", json: #"{"client":{"name":"Client SA"},"number":"N-7","total_amount":{"value":"99.00","currency":"EUR"}}"#)
            newer.matchExplanation = "matched on SIREN"
            let broken = qontoRecord("r2", json: "{not json")
            _ = try store.records.commitWindow(
                forwarded: [(newMessage("r1", content: "c2"), newer), (newMessage("r2"), broken)], held: [], marker: nil,
                retried: [], learned: [], now: at(10))
            let (facts, explanation) = try store.records.facts(recordType: "supplier_invoice", recordID: "r1")
            #expect(facts == InvoiceFacts(counterpartyName: "Client SA", invoiceNumber: "N-7", amount: "99.00", currency: "EUR"))
            #expect(explanation == "matched on SIREN")
            #expect(try store.records.facts(recordType: "supplier_invoice", recordID: "r2").facts == InvoiceFacts())
            #expect(try store.records.facts(recordType: "supplier_invoice", recordID: "none").facts == InvoiceFacts())
            let many = try store.records.facts(recordIDs: ["r1", "r2", "none"])
            #expect(many.keys.sorted() == ["r1", "r2"])
            #expect(many["r1"]?.counterpartyName == "Client SA")
            let first = try store.records.version(recordType: "supplier_invoice", recordID: "r1", contentHash: "c1")
            #expect(first?.matchExplanation == "old")
        }
    }

    @Test("held records wait as pending until a person asks for a retry, which the next window clears",
          arguments: Engine.allCases)
    func pendingAndRetryRequests(engine: Engine) async throws {
        try await withWorkspace(engine) { store in
            let held = qontoRecord("h1", disposition: "held", reason: "new counterparty")
            _ = try store.records.commitWindow(forwarded: [(newMessage("f1"), qontoRecord("f1"))], held: [held], marker: nil,
                                                     retried: [], learned: [], now: t0)
            let pending = try store.records.pending(limit: 10)
            #expect(pending.map(\.record.recordID) == ["h1"])
            #expect(pending.first?.facts.counterpartyName == "Acme h1" && pending.first?.retryRequestedAt == nil)
            #expect(try store.records.contains(recordKey("h1", in: store.workspace), contentHash: "c1"))
            // A retry is asked for a held record only
            #expect(try store.records.requestRetry(recordType: "supplier_invoice", recordID: "h1",
                                                         requestedBy: "Retry on the status page", now: at(5)))
            #expect(try !store.records.requestRetry(recordType: "supplier_invoice", recordID: "f1",
                                                          requestedBy: "Retry on the status page", now: at(5)))
            #expect(try store.records.retryRequests() == [recordKey("h1", in: store.workspace)])
            #expect(try store.records.pending(limit: 10).first?.retryRequestedAt == Timestamp.format(at(5)))
            let log = try store.mailLog.entries(since: nil, until: nil)
            #expect(log.map(\.event) == ["enqueued", "held", "retry"])
            #expect(log.last?.detail == "supplier_invoice h1: Retry on the status page; fetched and examined again at the next window")
            // The next window examines it again (held again for the same reason: logged, since a person asked)
            let result = try store.records.commitWindow(forwarded: [], held: [held], marker: nil,
                                                              retried: [recordKey("h1", in: store.workspace)], learned: [], now: at(60))
            #expect(result.held == 1)
            #expect(try store.records.retryRequests().isEmpty)
            #expect(try store.mailLog.verify().isIntact)
        }
    }

    @Test("retryable holds are examined again unless dismissed, and the duplicate check finds forwarded files and counterparties",
          arguments: Engine.allCases)
    func retryableHoldsAndDuplicateCandidates(engine: Engine) async throws {
        try await withWorkspace(engine) { store in
            let waiting = qontoRecord("h1", disposition: "held", reason: "no file yet", retryable: true)
            let dismissed = qontoRecord("h2", disposition: "held", reason: "no file yet", retryable: true)
            let forwarded = qontoRecord("f1", sha256: "abc", counterpartyID: "pl:1")
            _ = try store.records.commitWindow(forwarded: [(newMessage("f1"), forwarded)], held: [waiting, dismissed],
                                                     marker: nil, retried: [], learned: [], now: t0)
            _ = try store.dismissals.dismiss(Dismissals.Subject(recordType: "supplier_invoice", recordID: "h2", contentHash: "c1",
                                                                      outboxID: nil), reason: "not an invoice", by: "ops", now: at(1))
            #expect(try !store.records.contains(recordKey("h1", in: store.workspace), contentHash: "c1"))
            #expect(try store.records.dueRetryableHolds(examinedBefore: at(3600), limit: 10) == [recordKey("h1", in: store.workspace)])
            #expect(try store.records.dueRetryableHolds(examinedBefore: t0, limit: 10).isEmpty)
            #expect(try store.records.forwarded(recordType: "supplier_invoice", sha256: "abc", counterpartyIDs: []).map(\.recordID) == ["f1"])
            #expect(try store.records.forwarded(recordType: "supplier_invoice", sha256: nil, counterpartyIDs: ["pl:1"]).map(\.recordID) == ["f1"])
            #expect(try store.records.forwarded(recordType: "supplier_invoice", sha256: "other", counterpartyIDs: ["pl:2"]).isEmpty)
            #expect(try store.records.forwarded(recordType: "supplier_invoice", sha256: nil, counterpartyIDs: []).isEmpty)
        }
    }
}
