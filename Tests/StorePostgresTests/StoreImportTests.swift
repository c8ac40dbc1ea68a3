import FacteurCore
import FacteurTesting
import Foundation
import GRDB
import Store
@testable import StorePostgres
import Testing

/// A workspace's SQLite database copied into PostgreSQL (`facteur store copy`): a log with rows
/// from before sealing still verifies there, and a schema that differs is refused with nothing written.
@Suite("Copying a SQLite database into PostgreSQL", .postgresServer, .processHeavy, .serialized)
struct StoreImportTests {
    let t0 = Date(timeIntervalSince1970: 1_795_612_921)

    /// A SQLite database whose log's first row is from before sealing (as an upgraded one), then sealed rows.
    func legacyDatabase(_ directory: TemporaryDirectory) throws -> (FacteurDatabase, MasterKey) {
        let data = "\(directory.path)/data"
        let database = try FacteurDatabase.open(dataDirectory: data)
        _ = try OutboxRepository(database: database).enqueue(newMessage("a"), now: t0)
        try database.queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER mail_log_append_only_update; UPDATE mail_log SET seal = NULL")
            try db.execute(sql: "UPDATE mail_log_sealing SET sealed_from = 2, seal = facteur_seal('sealed_from:2')")
        }
        let reopened = try FacteurDatabase.open(dataDirectory: data)  // restores the trigger, with an alert row
        _ = try OutboxRepository(database: reopened).enqueue(newMessage("b"), now: t0)
        return (reopened, try MasterKey.load(path: "\(data)/master.key"))
    }

    @Test("a log with rows from before sealing verifies on PostgreSQL after the copy, with SQLite's head and counts")
    func unsealedPrefixVerifiesAfterCopy() async throws {
        let server = try PostgresServerTrait.server()
        let directory = try TemporaryDirectory("facteur-import")
        defer { directory.remove() }
        let (database, key) = try legacyDatabase(directory)
        let head = try #require(try MailLog(database: database).head())
        #expect(try MailLog(database: database).verify().unsealedRows == 1)
        try await withStoreConnection(server) { connection in
            let workspace = WorkspaceID.fresh()
            let importer = PostgresStoreImport(connection: connection, workspace: workspace)
            let outcome = try await offPool { try importer.copy(from: database) }
            #expect(outcome.messages == 2 && outcome.logRows == Int(head.seq) && outcome.rows["mail_log_sealing"] == 1)
            let store = PostgresWorkspaceStore(connection: connection, workspace: workspace, masterKey: key)
            let verification = try await offPool { try store.mailLog.verify() }
            #expect(verification.isIntact && verification.unsealedRows == 1, "\(verification)")
            #expect(verification.headSeq == head.seq && verification.headHash == head.hash)
            #expect(try await offPool { try importer.rowCounts() }.filter { $0.value > 0 } == outcome.rows.filter { $0.value > 0 })
            // The copied ids stay taken: a new message gets a later one.
            let next = try await offPool { try store.outbox.enqueue(newMessage("c"), now: t0) }
            #expect(try await offPool { try store.outbox.list() }.map(\.id).max() ?? 0 > 2, "\(next)")
        }
    }

    @Test("a column on one side only is refused and nothing is written")
    func schemaMismatchIsRefused() async throws {
        let server = try PostgresServerTrait.server()
        let directory = try TemporaryDirectory("facteur-import")
        defer { directory.remove() }
        let database = try FacteurDatabase.open(dataDirectory: "\(directory.path)/data")
        _ = try OutboxRepository(database: database).enqueue(newMessage("a"), now: t0)
        try await database.queue.write { db in try db.execute(sql: "ALTER TABLE settings ADD COLUMN extra TEXT") }
        try await withStoreConnection(server) { connection in
            let workspace = WorkspaceID.fresh()
            let importer = PostgresStoreImport(connection: connection, workspace: workspace)
            let error = await #expect(throws: StoreError.self) { try await offPool { try importer.copy(from: database) } }
            #expect(error?.message.contains("column settings.extra") == true, "\(String(describing: error))")
            let counts = try await offPool { try importer.rowCounts() }
            #expect(!counts.isEmpty && counts.values.allSatisfy { $0 == 0 })
        }
    }
}
