import FacteurCore
import FacteurTesting
import Foundation
import Store
import Testing

/// Settings, overrides and their history, and the credentials fingerprint, the same on both engines.
@Suite("Setting store on SQLite and PostgreSQL", .postgresServer, .processHeavy)
struct SettingStoreTests {
    let t0 = Date(timeIntervalSince1970: 1_795_612_921)

    func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    @Test("overrides are stored only when changed and every change is logged, newest first", arguments: Engine.allCases)
    func overridesAndChanges(engine: Engine) async throws {
        try await withWorkspace(engine) { store in
            let settings = store.settings
            try settings.set("qonto.marker", "m1", now: t0)
            try settings.set("qonto.marker", "m2", now: at(1))
            #expect(try settings.value("qonto.marker") == "m2")
            #expect(try settings.value("missing") == nil)
            #expect(try settings.setOverrides(["poll_interval": "300", "owner_email": "a@b.fr"], source: "settings page", now: at(2))
                    == ["owner_email", "poll_interval"])
            #expect(try settings.setOverrides(["poll_interval": "300", "owner_email": "c@d.fr"], source: "settings page", now: at(3))
                    == ["owner_email"])
            #expect(try settings.overrides() == ["poll_interval": "300", "owner_email": "c@d.fr"])
            let changes = try settings.changes(limit: 10)
            #expect(changes.map(\.key) == ["owner_email", "poll_interval", "owner_email"])
            #expect(changes[0].oldValue == "a@b.fr" && changes[0].newValue == "c@d.fr" && changes[0].at == Timestamp.format(at(3)))
            #expect(changes[2].oldValue == nil && changes[2].source == "settings page")
            #expect(try settings.changes(limit: 1).count == 1)
        }
    }

    @Test("the credentials fingerprint changes with a secret or a settings-page value, not with a marker",
          arguments: Engine.allCases)
    func credentialsFingerprint(engine: Engine) async throws {
        try await withWorkspace(engine) { store in
            #expect(try store.credentialsFingerprint() == "|")
            let secrets = store.secrets(try MasterKey.generate())
            try secrets.set(name: "qonto_secret_key", value: "k1", now: t0)
            try secrets.set(name: "a_token", value: "k2", now: at(1))
            _ = try store.settings.setOverrides(["poll_interval": "60"], source: "settings page", now: at(2))
            let fingerprint = try store.credentialsFingerprint()
            #expect(fingerprint == "a_token@\(Timestamp.format(at(1))),qonto_secret_key@\(Timestamp.format(t0))"
                    + "|config.poll_interval@\(Timestamp.format(at(2)))")
            try store.settings.set("qonto.marker", "m", now: at(3))
            #expect(try store.credentialsFingerprint() == fingerprint)
            try secrets.set(name: "qonto_secret_key", value: "k3", now: at(4))
            #expect(try store.credentialsFingerprint() != fingerprint)
        }
    }
}
