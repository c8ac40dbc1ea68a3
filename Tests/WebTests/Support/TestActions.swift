import FacteurApp
import FacteurTesting
import Foundation
import Store
import Web

/// The ``WebActions`` the tests hand to the pages: FacteurApp's own (``WebActions/live``), over a
/// configuration pointing at the test's data directory.
enum TestActions {
    static func make(database: FacteurDatabase, dataDirectory: String) throws -> WebActions {
        let base = try FacteurConfiguration(values: [
            "data_dir": dataDirectory, "templates_dir": "\(Repository.root)/templates",
            "smtp_url": "file://\(dataDirectory)/../mail", "smtp_from": "factures@example.fr",
            "pennylane_supplier_inbox": "supplier@pennylane.test", "pennylane_customer_inbox": "customer@pennylane.test",
        ])
        return .live(settings: EditableSettings(base: base, store: SQLiteWorkspaceStore(database: database)), pollWake: nil, deliveryWake: nil)
    }
}
