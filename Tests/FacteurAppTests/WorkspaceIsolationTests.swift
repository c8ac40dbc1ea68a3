import FacteurApp
import FacteurCore
import FacteurTesting
import Foundation
import MIME
import Testing

/// An added workspace's configuration is the gateway's keys and its own file's: never a company key
/// of the gateway file (the workspace `default`'s) or of the environment. And a company can be
/// added only once, so its invoices are never forwarded twice.
@Suite struct WorkspaceIsolationTests {
    /// A gateway whose file still carries the default company's keys (an upgraded installation),
    /// with FACTEUR_<KEY> company values on top, and one added workspace `acme`.
    private func gatewayWithCompanyKeys(_ folder: TemporaryDirectory) throws -> (WorkspaceCatalog, String) {
        let values = try FacteurConfiguration.load(path: nil, environment: [
            "FACTEUR_DATA_DIR": "\(folder.path)/data",
            "FACTEUR_SMTP_URL": "file://\(folder.path)/mail",
            "FACTEUR_SMTP_FROM": "Facteur <factures@cabinet.example>",
            "FACTEUR_PENNYLANE_SUPPLIER_INBOX": "achats-default@pennylane.example",
            "FACTEUR_PENNYLANE_CUSTOMER_INBOX": "ventes-default@pennylane.example",
            "FACTEUR_OWNER_EMAIL": "owner@default.example",
            "FACTEUR_QONTO_LOGIN": "default-org",
            "FACTEUR_QONTO_SECRET_KEY": "default-secret-key",
            "FACTEUR_PENNYLANE_TOKEN": "default-pennylane-token",
            "FACTEUR_COMPANY_SIREN": "552100554",
        ])
        let file = try folder.write("acme.json", Array("""
            {"qonto_login": "acme-org", "qonto_secret_key": "acme-secret-key",
             "pennylane_supplier_inbox": "achats-acme@pennylane.example",
             "pennylane_customer_inbox": "ventes-acme@pennylane.example"}
            """.utf8))
        chmod(file, 0o600)
        return (WorkspaceCatalog(gateway: values), file)
    }

    @Test func anAddedWorkspaceGetsNoCompanyKeyOfTheGatewayFileOrTheEnvironment() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let (catalog, file) = try gatewayWithCompanyKeys(folder)
        _ = try catalog.add("acme", from: file)
        let acme = try catalog.configuration(of: WorkspaceID("acme")!)
        #expect(acme.workspace == WorkspaceID("acme"))
        #expect(acme.supplierInbox?.description == "achats-acme@pennylane.example")
        #expect(acme.customerInbox?.description == "ventes-acme@pennylane.example")
        #expect(acme.ownerEmail == nil)
        #expect(acme.rawValues["qonto_login"] == "acme-org")
        for key in ["pennylane_token", "company_siren", "owner_email"] {
            #expect(acme.rawValues[key] == nil, "\(key) leaked from the gateway into acme")
        }
        // The gateway keys are shared: the relay, the sender, the master key.
        #expect(acme.rawValues["smtp_url"] == "file://\(folder.path)/mail")
        #expect(acme.masterKeyFile == catalog.gateway.masterKeyFile)
        #expect(acme.dataDirectory == "\(folder.path)/data/workspaces/acme")
        // And default keeps its own.
        let standard = try catalog.configuration(of: .default)
        #expect(standard.supplierInbox?.description == "achats-default@pennylane.example")
        #expect(try catalog.workspaces() == [.default, WorkspaceID("acme")!])
    }

    @Test func aCompanyAlreadyServedOrOnceRemovedIsNotAddedASecondTime() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let (catalog, file) = try gatewayWithCompanyKeys(folder)
        _ = try catalog.add("acme", from: file)
        // Same inboxes under another name: its invoices would go to Pennylane twice.
        #expect(throws: AppError.self) { _ = try catalog.add("acme-bis", from: file) }
        // The default company's inbox, typed again for a new workspace.
        let copy = try folder.write("copy.json", Array(#"{"pennylane_supplier_inbox": "achats-default@pennylane.example"}"#.utf8))
        chmod(copy, 0o600)
        #expect(throws: AppError.self) { _ = try catalog.add("copy", from: copy) }
        // Removed, then added again under its name: a fresh database would re-send its history.
        _ = try catalog.remove("acme", now: Date(timeIntervalSince1970: 1_780_000_000))
        #expect(throws: AppError.self) { _ = try catalog.add("acme", from: file) }
        #expect(!FileManager.default.fileExists(atPath: "\(folder.path)/data/workspaces/acme"))
    }
}
