import PostgresNIO

extension PostgresRandomAccessRow {
    /// A column by name, decoded (`let id: Int64 = try row.column("id")`), as GRDB's `row["id"]`
    /// reads SQLite's; an optional type reads NULL as nil.
    func column<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        try self[name].decode(T.self)
    }
}

extension PostgresConnection {
    /// Runs one statement and collects its rows (the store's result sets are small, or streamed
    /// where they are not).
    func allRows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRandomAccessRow] {
        try await self.query(query, logger: logger).collect().map { $0.makeRandomAccess() }
    }
}
