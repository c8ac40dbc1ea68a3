import FacteurCore
import FacteurTesting
import Foundation
import Store
@testable import StorePostgres

/// One workspace's parts on one engine, through the synchronous façade: each scenario runs the
/// same calls on SQLite (the Store repositories) and on PostgreSQL (the StorePostgres parts, over
/// the bridge), with the same expectations.
struct WorkspaceUnderTest: Sendable {
    let engine: Engine
    let workspace: WorkspaceID
    let records: any RecordArchive
    let incidents: any IncidentRecord
    let settings: any SettingStore
    let counterparties: any CounterpartyBook
    let ledger: any LedgerBook
    let dismissals: any DismissalRegister
    let mailLog: any MailLogArchive
    let outbox: any OutboxQueue
    /// The secrets under a master key.
    let secrets: @Sendable (MasterKey) -> any SecretVault
    /// The credentials fingerprint.
    let credentialsFingerprint: @Sendable () throws -> String
    /// The PostgreSQL connection (nil on SQLite), for tampering.
    let connection: PostgresStoreConnection?
}

/// Runs `body` with a fresh workspace on one engine, its mail log sealed under `masterKey`: an
/// in-memory SQLite database, or a new workspace in the suite's PostgreSQL server.
func withWorkspace(_ engine: Engine, masterKey: MasterKey? = nil,
                   _ body: (WorkspaceUnderTest) async throws -> Void) async throws {
    let key = try masterKey ?? MasterKey.generate()
    switch engine {
    case .sqlite:
        let database = try FacteurDatabase.inMemory(masterKey: key)
        try await body(WorkspaceUnderTest(
            engine: engine, workspace: .default, records: QontoRecords(database: database), incidents: Incidents(database: database),
            settings: Settings(database: database), counterparties: CounterpartyDirectory(database: database),
            ledger: LedgerInvoices(database: database), dismissals: Dismissals(database: database),
            mailLog: MailLog(database: database), outbox: OutboxRepository(database: database),
            secrets: { SecretStore(database: database, masterKey: $0) },
            credentialsFingerprint: { try database.credentialsFingerprint() }, connection: nil))
    case .postgres:
        let server = try PostgresServerTrait.server()
        try await withStoreConnection(server) { connection in
            try await body(WorkspaceUnderTest(
                PostgresWorkspaceStore(connection: connection, workspace: .fresh(), masterKey: key), connection))
        }
    }
}

extension WorkspaceUnderTest {
    /// The parts of a PostgreSQL workspace store.
    init(_ store: PostgresWorkspaceStore, _ connection: PostgresStoreConnection) {
        self.init(engine: .postgres, workspace: store.workspace, records: store.records, incidents: store.incidents,
                  settings: store.settings, counterparties: store.counterparties, ledger: store.ledger,
                  dismissals: store.dismissals, mailLog: store.mailLog, outbox: store.outbox,
                  secrets: { PostgresSecretVault(connection: connection, workspace: store.workspace, masterKey: $0) },
                  credentialsFingerprint: { try store.credentialsFingerprint() }, connection: connection)
    }
}

/// A record row for `id`, forwarded or held.
func qontoRecord(_ id: String, content: String = "c1", disposition: String = "forwarded", reason: String? = nil,
                 retryable: Bool = false, sha256: String? = nil, counterpartyID: String? = nil,
                 json: String? = nil) -> QontoRecord {
    var record = QontoRecord(recordType: "supplier_invoice", recordID: id, contentHash: content, updatedAt: "2026-11-01T10:00:00Z",
                             disposition: disposition, reason: reason, attachmentSHA256: sha256, heldFile: nil,
                             rawJSON: json ?? #"{"supplier_name":"Acme \#(id)","invoice_number":"F-\#(id)","total_amount":{"value":"12.50","currency":"EUR"},"issue_date":"2026-10-30T00:00:00Z","file_name":"\#(id).pdf"}"#,
                             retryable: retryable)
    record.counterpartyID = counterpartyID
    return record
}

/// The key of a supplier invoice in a workspace.
func recordKey(_ id: String, in workspace: WorkspaceID) -> RecordKey {
    RecordKey(workspace: workspace, recordType: "supplier_invoice", recordID: id)!
}
