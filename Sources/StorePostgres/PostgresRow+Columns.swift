import PostgresNIO
import Store

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

extension PostgresStoreConnection {
    /// Runs one read outside a transaction and turns its rows into a value: one round trip
    /// instead of three (a single statement sees one snapshot anyway).
    /// - Parameters:
    ///   - action: What is being read, for the error message ("read the incidents").
    ///   - query: The statement.
    ///   - transform: Makes the value of the rows (a decoding failure is mapped like PostgreSQL's).
    func read<T>(_ action: String, _ query: PostgresQuery,
                 _ transform: ([PostgresRandomAccessRow]) throws -> T) async throws(StoreError) -> T {
        let rows = try await rows(action, query)
        do {
            return try transform(rows.map { $0.makeRandomAccess() })
        } catch {
            throw StoreError(postgres: error, while: action, location: location)
        }
    }
}
