import FacteurCore
import Foundation
import Store
import Testing

@Suite struct IncidentsTests {
    func withDatabase(_ body: (FacteurDatabase) throws -> Void) throws {
        let path = "\(FileManager.default.temporaryDirectory.path)/facteur-incidents-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try body(try FacteurDatabase.open(dataDirectory: path))
    }

    @Test func oneIncidentStaysOpenPerSideWhateverTheNumberOfFailures() throws {
        try withDatabase { database in
            let incidents = Incidents(database: database)
            let first = try incidents.record(.qonto, summary: "401", remedy: "facteur connect", now: Date())
            let second = try incidents.record(.qonto, summary: "401 again", remedy: "facteur connect", now: Date())
            #expect(first.id == second.id)
            #expect(second.summary == "401 again")
            let smtp = try incidents.record(.smtp, summary: "535", remedy: "smtp_password", now: Date())
            #expect(smtp.id != first.id)
            #expect(try incidents.allOpen().count == 2)
            #expect(try incidents.health(.qonto).lastError == "401 again")
        }
    }

    @Test func aSuccessResolvesTheIncidentAndTheNextFailureOpensANewOne() throws {
        try withDatabase { database in
            let incidents = Incidents(database: database)
            let first = try incidents.record(.qonto, summary: "401", remedy: "r", now: Date())
            let resolved = try incidents.noteSuccess(.qonto, now: Date())
            #expect(resolved?.id == first.id)
            #expect(resolved?.resolvedAt != nil)
            #expect(try incidents.open(.qonto) == nil)
            #expect(try incidents.noteSuccess(.qonto, now: Date()) == nil)
            let next = try incidents.record(.qonto, summary: "401", remedy: "r", now: Date())
            #expect(next.id != first.id)
            #expect(next.notifiedAt == nil)
        }
    }

    @Test func theOwnerNoticeIsRecordedInTheIncidentAndTheMailLog() throws {
        try withDatabase { database in
            let incidents = Incidents(database: database)
            let incident = try incidents.record(.qonto, summary: "401", remedy: "r", now: Date())
            try incidents.noteNotification(incident, recipient: "owner@example.fr", reply: nil, error: "relay down", now: Date())
            #expect(try incidents.open(.qonto)?.notificationError == "relay down")
            #expect(try incidents.open(.qonto)?.notifiedAt == nil)
            try incidents.noteNotification(incident, recipient: "owner@example.fr", reply: "250 2.0.0 Ok", error: nil, now: Date())
            let open = try #require(try incidents.open(.qonto))
            #expect(open.notifiedAt != nil && open.notificationError == nil)
            let log = try MailLog(database: database).entries().filter { $0.event == "notice" }
            #expect(log.map(\.outcome) == ["not sent", "sent"])
            #expect(log.last?.recipient == "owner@example.fr")
            #expect(try MailLog(database: database).verify().isIntact)
        }
    }

    @Test func settingsOverridesAreStoredOnlyWhenChangedAndEveryChangeIsLogged() throws {
        try withDatabase { database in
            let settings = Settings(database: database)
            #expect(try settings.setOverrides(["poll_interval": "600"], source: "settings page", now: Date()) == ["poll_interval"])
            #expect(try settings.setOverrides(["poll_interval": "600"], source: "settings page", now: Date()) == [])
            #expect(try settings.setOverrides(["poll_interval": "300", "owner_email": "o@example.fr"], source: "settings page",
                                              now: Date()) == ["owner_email", "poll_interval"])
            #expect(try settings.overrides() == ["poll_interval": "300", "owner_email": "o@example.fr"])
            let changes = try settings.changes()
            #expect(changes.count == 3)
            #expect(changes.first { $0.key == "poll_interval" }.map { ($0.oldValue, $0.newValue) } ?? (nil, nil) == ("600", "300"))
        }
    }
}
