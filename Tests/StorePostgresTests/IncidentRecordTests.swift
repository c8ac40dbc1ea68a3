import FacteurCore
import FacteurTesting
import Foundation
import Store
@testable import StorePostgres
import Testing

/// Incidents and side health, the same on both engines.
@Suite("Incident record on SQLite and PostgreSQL", .postgresServer, .processHeavy)
struct IncidentRecordTests {
    let t0 = Date(timeIntervalSince1970: 1_795_612_921)

    func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    @Test("one incident stays open per side, a success closes it, and the next failure opens a new one",
          arguments: Engine.allCases)
    func incidentsOpenAndClose(engine: Engine) async throws {
        try await withWorkspace(engine) { store in
            let incidents = store.incidents
            let first = try incidents.record(.qonto, summary: "401", remedy: "facteur connect", now: t0)
            let second = try incidents.record(.qonto, summary: "401 again", remedy: "facteur connect", now: at(10))
            #expect(first.id == second.id && second.summary == "401 again")
            let smtp = try incidents.record(.smtp, summary: "535", remedy: "smtp_password", now: at(20))
            #expect(smtp.id != first.id)
            #expect(try incidents.allOpen().map(\.id) == [smtp.id, first.id])
            #expect(try incidents.health(.qonto).lastError == "401 again")
            #expect(try incidents.health(.qonto).lastFailureAt == Timestamp.format(at(10)))
            // A success resolves it
            let resolved = try incidents.noteSuccess(.qonto, now: at(30))
            #expect(resolved?.id == first.id && resolved?.resolvedAt == Timestamp.format(at(30)))
            #expect(try incidents.open(.qonto) == nil)
            #expect(try incidents.noteSuccess(.qonto, now: at(31)) == nil)
            #expect(try incidents.health(.qonto).lastSuccessAt == Timestamp.format(at(31)))
            // The next failure opens a new one
            let next = try incidents.record(.qonto, summary: "401", remedy: "r", now: at(40))
            #expect(next.id != first.id && next.notifiedAt == nil)
            #expect(try incidents.all(limit: 10).map(\.id) == [next.id, smtp.id, first.id])
            #expect(try incidents.all(limit: 1).map(\.id) == [next.id])
            // Progress and failures only touch the health
            try incidents.noteProgress(.smtp, now: at(50))
            try incidents.noteFailure(.smtp, error: "421 busy", now: at(51))
            let health = try incidents.health(.smtp)
            #expect(health.lastSuccessAt == Timestamp.format(at(50)) && health.lastError == "421 busy")
            #expect(try incidents.open(.smtp)?.id == smtp.id)
        }
    }

    @Test("the owner notice is recorded in the incident and the mail log", arguments: Engine.allCases)
    func ownerNoticeIsLogged(engine: Engine) async throws {
        try await withWorkspace(engine) { store in
            let incident = try store.incidents.record(.qonto, summary: "401", remedy: "r", now: t0)
            try store.incidents.noteNotification(incident, recipient: "owner@example.fr", reply: nil, error: "relay down", now: at(1))
            #expect(try store.incidents.open(.qonto)?.notificationError == "relay down")
            try store.incidents.noteNotification(incident, recipient: "owner@example.fr", reply: "250 2.0.0 Ok", error: nil, now: at(2))
            let open = try #require(try store.incidents.open(.qonto))
            #expect(open.notifiedAt == Timestamp.format(at(2)) && open.notificationError == nil)
            let log = try store.mailLog.entries(since: nil, until: nil)
            #expect(log.map(\.outcome) == ["not sent", "sent"])
            #expect(log.first?.detail == "incident #\(incident.id) (qonto): 401; relay down")
            #expect(log.last?.recipient == "owner@example.fr" && log.last?.reply == "250 2.0.0 Ok")
            #expect(try store.mailLog.verify().isIntact)
        }
    }

    @Test("on PostgreSQL a NUL in a server's text is stored as U+FFFD rather than failing the write")
    func nulInFreeTextIsStored() async throws {
        try await withWorkspace(.postgres) { store in
            let incident = try store.incidents.record(.smtp, summary: "535\0 refused", remedy: "check\0", now: t0)
            #expect(incident.summary == "535\u{FFFD} refused" && incident.remedy == "check\u{FFFD}")
            try store.incidents.noteFailure(.qonto, error: "bad\0reply", now: at(1))
            #expect(try store.incidents.health(.qonto).lastError == "bad\u{FFFD}reply")
        }
    }

    @Test("on PostgreSQL two gateways recording the same side's incident at once leave one open incident")
    func concurrentRecordsShareOneIncident() async throws {
        let server = try PostgresServerTrait.server()
        let workspace = WorkspaceID.fresh()
        try await withStoreConnection(server, holder: "process-a") { a in
            try await withStoreConnection(server, holder: "process-b", unixSocket: true) { b in
                let stores = [a, b].map { PostgresWorkspaceStore(connection: $0, workspace: workspace, masterKey: nil).incidents }
                let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
                    for number in 0..<8 {
                        let incidents = stores[number % 2]
                        // From threads of their own, as the daemon's pipelines call the façade
                        group.addTask { try await offPool { try incidents.record(.qonto, summary: "401 #\(number)", remedy: "r", now: t0).id } }
                    }
                    return try await group.reduce(into: Set<Int64>()) { $0.insert($1) }
                }
                #expect(ids.count == 1)
                #expect(try stores[0].allOpen().count == 1)
            }
        }
    }
}
