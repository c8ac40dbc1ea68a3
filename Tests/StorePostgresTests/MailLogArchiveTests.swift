import FacteurCore
import FacteurTesting
import Foundation
import PostgresNIO
import Store
@testable import StorePostgres
import Testing

/// The mail log read and verified the same on both engines (Store's chain check), and its
/// append-only guards on PostgreSQL.
@Suite("Mail log archive on SQLite and PostgreSQL", .postgresServer, .processHeavy, .serialized)
struct MailLogArchiveTests {
    let t0 = Date(timeIntervalSince1970: 1_795_612_921)

    func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    /// Writes a few rows through the parts: an enqueue, a hold, a dismissal.
    func writeSomeRows(_ store: WorkspaceUnderTest) throws {
        _ = try store.records.commitWindow(
            forwarded: [(newMessage("r1"), qontoRecord("r1"))],
            held: [qontoRecord("h1", disposition: "held", reason: "new counterparty")], marker: nil, retried: [], learned: [], now: t0)
        _ = try store.dismissals.dismiss(Dismissals.Subject(recordType: "supplier_invoice", recordID: "h1", contentHash: "c1",
                                                                  outboxID: nil), reason: "duplicate", by: "ops", now: at(10))
    }

    @Test("a sealed log verifies, lists by time range and checks an exported head", arguments: Engine.allCases)
    func verifiesAndExportsItsHead(engine: Engine) async throws {
        try await withWorkspace(engine) { store in
            #expect(try store.mailLog.head() == nil)
            let empty = try store.mailLog.verify()
            #expect(empty.isIntact && empty.rowCount == 0 && empty.sealsChecked)
            try writeSomeRows(store)
            let verification = try store.mailLog.verify()
            #expect(verification.isIntact && verification.rowCount == 3 && verification.unsealedRows == 0)
            let head = try #require(try store.mailLog.head())
            #expect(head.seq == 3 && verification.headHash == head.hash)
            #expect(try store.mailLog.verify(expectingHead: 3, hash: head.hash).isIntact)
            #expect(try store.mailLog.verify(expectingHead: 4, hash: head.hash).firstBreak?.hasPrefix("row 4: the exported head is missing") == true)
            #expect(try store.mailLog.verify(expectingHead: 2, hash: head.hash).firstBreak?.hasPrefix("row 2: its hash differs") == true)
            #expect(try store.mailLog.entries(since: at(5), until: nil).map(\.event) == ["dismissed"])
            #expect(try store.mailLog.entries(since: nil, until: at(5)).map(\.seq) == [1, 2])
            try store.mailLog.checkGuards(now: at(20))
            #expect(try store.mailLog.entries(since: nil, until: nil).count == 3)
        }
    }

    @Test("on PostgreSQL the guards refuse UPDATE, DELETE and TRUNCATE, and a row edited behind them is found")
    func tamperedRowIsFound() async throws {
        let server = try PostgresServerTrait.server()
        try await withStoreConnection(server) { connection in
            let store = PostgresWorkspaceStore(connection: connection, workspace: .fresh(), masterKey: try MasterKey.generate())
            try writeSomeRows(WorkspaceUnderTest(store, connection))
            let space = store.workspace.rawValue
            for statement: PostgresQuery in [
                "UPDATE mail_log SET detail = 'nothing' WHERE workspace = \(space) AND seq = 2",
                "DELETE FROM mail_log WHERE workspace = \(space) AND seq = 3",
                "TRUNCATE mail_log",
            ] {
                await #expect(throws: StoreError.self) { _ = try await connection.rows("tamper", statement) }
            }
            #expect(try store.mailLog.verify().isIntact)
            // Someone with the table owner's rights edits a row with the guards briefly disabled
            _ = try await connection.transaction("tamper") { db in
                try await db.query("ALTER TABLE mail_log DISABLE TRIGGER mail_log_append_only_update", logger: connection.logger)
                try await db.query("UPDATE mail_log SET detail = 'nothing to see' WHERE workspace = \(space) AND seq = 2",
                                   logger: connection.logger)
                try await db.query("ALTER TABLE mail_log ENABLE TRIGGER mail_log_append_only_update", logger: connection.logger)
            }
            let verification = try store.mailLog.verify()
            #expect(verification.firstBreak == "row 2: content does not match its hash (the row was edited)")
            #expect(verification.rowCount == 2)
        }
    }

    @Test("on PostgreSQL a dropped or disabled guard fails verification until the check restores it and every log says so")
    func droppedGuardsAreRestoredAndAlerted() async throws {
        let server = try PostgresServerTrait.server()
        try await withStoreConnection(server) { connection in
            let key = try MasterKey.generate()
            let store = PostgresWorkspaceStore(connection: connection, workspace: .fresh(), masterKey: key)
            let neighbour = PostgresWorkspaceStore(connection: connection, workspace: .fresh(), masterKey: key)
            try writeSomeRows(WorkspaceUnderTest(store, connection))
            try writeSomeRows(WorkspaceUnderTest(neighbour, connection))
            // Serialised with the other tests of the suite that touch the shared guards.
            _ = try await connection.transaction("tamper with the guards") { db in
                try await db.query("SELECT pg_advisory_xact_lock(hashtextextended('facteur mail_log guards', 0))", logger: connection.logger)
                try await db.query("DROP TRIGGER mail_log_append_only_delete ON mail_log", logger: connection.logger)
                try await db.query("ALTER TABLE mail_log DISABLE TRIGGER mail_log_append_only_truncate", logger: connection.logger)
            }
            let broken = try store.mailLog.verify()
            #expect(broken.firstBreak == "the append-only triggers mail_log_append_only_delete, mail_log_append_only_truncate "
                    + "are missing or altered (changed outside Facteur)")
            try store.mailLog.checkGuards(now: at(30))
            let restored = try store.mailLog.verify()
            #expect(restored.isIntact)
            #expect(restored.alerts.count == 1)
            #expect(restored.alerts.first?.detail.hasPrefix("triggers mail_log_append_only_delete, mail_log_append_only_truncate found") == true)
            // The table is shared: the other workspace's log says so too
            let other = try neighbour.mailLog.verify()
            #expect(other.isIntact && other.alerts.count == 1 && other.rowCount == 4)
            await #expect(throws: StoreError.self) {
                _ = try await connection.rows("tamper", "DELETE FROM mail_log WHERE workspace = \(store.workspace.rawValue)")
            }
        }
    }

    @Test("on PostgreSQL a log copied with rows from before sealing verifies by its marker, and fails without it")
    func sealingMarkerOfACopiedLog() async throws {
        let server = try PostgresServerTrait.server()
        try await withStoreConnection(server) { connection in
            let key = try MasterKey.generate()
            let store = PostgresWorkspaceStore(connection: connection, workspace: .fresh(), masterKey: key)
            let sealKey = try #require(store.sealKey)
            // Two rows written without the key (as SQLite wrote them before v6), then sealing from row 3
            let unsealed = PostgresMailLogAppend(workspace: store.workspace, sealKey: nil)
            let sealed = PostgresMailLogAppend(workspace: store.workspace, sealKey: sealKey)
            try await connection.transaction("write a copied log") { db in
                for number in 1...2 {
                    try await unsealed.append(db, logger: connection.logger, at: t0, event: "enqueued", message: nil, detail: "old \(number)")
                }
                try await sealed.append(db, logger: connection.logger, at: at(1), event: "enqueued", message: nil, detail: "new")
            }
            #expect(try store.mailLog.verify().firstBreak?.hasPrefix("row 1: not sealed") == true)
            _ = try await connection.rows("write the marker", """
                INSERT INTO mail_log_sealing (workspace, sealed_from, seal)
                VALUES (\(store.workspace.rawValue), 3, \(sealKey.markerSeal(sealedFrom: 3)))
                """)
            let verification = try store.mailLog.verify()
            #expect(verification.isIntact && verification.unsealedRows == 2 && verification.rowCount == 3)
            // A marker moved past the end says rows were removed from the end
            _ = try await connection.rows("move the marker", """
                UPDATE mail_log_sealing SET sealed_from = 9, seal = \(sealKey.markerSeal(sealedFrom: 9))
                WHERE workspace = \(store.workspace.rawValue)
                """)
            #expect(try store.mailLog.verify().firstBreak?.contains("rows were removed from the end") == true)
        }
    }
}
