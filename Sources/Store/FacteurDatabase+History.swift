import GRDB

extension FacteurDatabase {
    /// Whether this database has ever recorded an invoice or a message: a data directory that did
    /// is a company's (the workspace `default` of a single-company gateway), one that did not only
    /// holds the gateway's own settings.
    /// - Throws: ``StoreError`` `.database`.
    public func holdsHistory() throws(StoreError) -> Bool {
        do {
            return try queue.read { db in
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM qonto_records) OR EXISTS (SELECT 1 FROM outbox)") ?? false
            }
        } catch {
            throw StoreError(.database, "cannot read the database: \(Self.describe(error))")
        }
    }
}
