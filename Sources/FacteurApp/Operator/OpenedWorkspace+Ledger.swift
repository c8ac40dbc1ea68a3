public import FacteurCore
import Store

extension OpenedWorkspace {
    /// Imports a FEC file into the workspace's books, replacing the previous import (`facteur ledger import`).
    /// - Throws: ``FECParseError`` for the file, ``AppError``, ``StoreError``.
    public func importLedger(path: String) throws -> ImportLedger.Summary {
        try ImportLedger(store: store).run(path: path)
    }

    /// Mirrors Pennylane's suppliers, customers and supplier invoices now, with the workspace's
    /// read-only token (`facteur directory sync`). Blocking.
    /// - Throws: ``ConfigurationError`` `pennylane_token` when no token is configured or stored;
    ///   Pennylane and store errors.
    public func refreshDirectory() throws -> RefreshDirectory.Summary {
        guard let client = try RefreshDirectory.client(try effective(), secret: secretAccess.read) else {
            throw ConfigurationError(key: "pennylane_token", "not set: run `facteur secret set pennylane_token` with a read-only company token")
        }
        return try RefreshDirectory(store: store).runBlocking(client: client)
    }

    /// The known counterparties of one kind, used for matching (`facteur directory list`).
    /// - Throws: ``StoreError``.
    public func counterparties(kind: InvoiceKind) throws -> [Counterparty] {
        try store.counterparties.all(kind: kind)
    }
}
