import FacteurCore
import FacteurTesting
import Foundation
import Store
import PostgresNIO
@testable import StorePostgres
import Testing

/// Secrets encrypted at rest, the same on both engines (one AES-256-GCM box, ``SecretBox``).
@Suite("Secret vault on SQLite and PostgreSQL", .postgresServer, .processHeavy, .serialized)
struct SecretVaultTests {
    let t0 = Date(timeIntervalSince1970: 1_795_612_921)
    let plaintext = "hunter2-Zq9!x7-correct-horse-battery-staple émoji 🔐"

    @Test("a secret round-trips, is listed by name only, replaced and deleted", arguments: Engine.allCases)
    func roundTrip(engine: Engine) async throws {
        try await withWorkspace(engine) { store in
            let secrets = store.secrets(try MasterKey.generate())
            try secrets.set(name: "smtp_password", value: plaintext, now: t0)
            try secrets.set(name: "pennylane_token", value: "t1", now: t0)
            #expect(try secrets.value(name: "smtp_password") == plaintext)
            #expect(try secrets.value(name: "missing") == nil)
            #expect(try secrets.names() == ["pennylane_token", "smtp_password"])
            #expect(try secrets.entries().first == SecretStore.Entry(name: "pennylane_token", updatedAt: Timestamp.format(t0)))
            try secrets.set(name: "pennylane_token", value: "t2", now: t0.addingTimeInterval(1))
            #expect(try secrets.value(name: "pennylane_token") == "t2")
            #expect(try secrets.delete(name: "pennylane_token"))
            #expect(try !secrets.delete(name: "pennylane_token"))
            #expect(try secrets.names() == ["smtp_password"])
        }
    }

    @Test("the wrong master key, an invalid name or an empty value is a .secret error that never shows the value",
          arguments: Engine.allCases)
    func wrongKeyAndInvalidInput(engine: Engine) async throws {
        try await withWorkspace(engine) { store in
            try store.secrets(try MasterKey.generate()).set(name: "smtp_password", value: plaintext, now: t0)
            let other = store.secrets(try MasterKey.generate())
            for attempt in [
                { _ = try other.value(name: "smtp_password") },
                { _ = try other.value(name: "Not A Name") },
                { try other.set(name: "empty", value: "", now: t0) },
            ] as [() throws -> Void] {
                do {
                    try attempt()
                    Issue.record("expected a StoreError")
                } catch let error as StoreError {
                    #expect(error.code == .secret)
                    #expect(!error.message.contains(plaintext))
                }
            }
        }
    }

    @Test("on PostgreSQL each workspace has its own secrets, and a missing key file is created only when none is stored")
    func workspacesAndKeyFile() async throws {
        let server = try PostgresServerTrait.server()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await withStoreConnection(server) { connection in
            let keyFile = "\(directory.path)/master.key"
            let a = PostgresSecretVault(connection: connection, workspace: .fresh(), masterKeyFile: keyFile)
            let b = PostgresSecretVault(connection: connection, workspace: .fresh(), masterKeyFile: keyFile)
            // The database may hold other suites' secrets: start from an empty table for this check.
            _ = try await connection.rows("clear the secrets", "DELETE FROM secrets")
            try a.set(name: "smtp_password", value: plaintext, now: t0)
            #expect(FileManager.default.fileExists(atPath: keyFile))
            #expect(try b.value(name: "smtp_password") == nil)
            #expect(try b.names().isEmpty)
            // With secrets stored, a lost key file is not silently replaced
            try FileManager.default.removeItem(atPath: keyFile)
            do {
                try b.set(name: "qonto_secret_key", value: "k", now: t0)
                Issue.record("a new key file was created while secrets are stored")
            } catch let error as StoreError {
                #expect(error.code == .masterKey)
            }
            #expect(!FileManager.default.fileExists(atPath: keyFile))
        }
    }
}
