import Store

// TODO(lead): pg-core is to own the bridge (one `PostgresBridge` per `PostgresStoreConnection`, with
// `client.run()` on its executor). When it does, delete this file: the parts only use `bridge`.

extension PostgresStoreConnection {
    /// Where the synchronous façade's calls wait for their PostgreSQL work (``PostgresBridge``).
    var bridge: PostgresBridge { PostgresBridge(executor: Self.sharedExecutor) }

    /// One executor for the process until the connection owns its own.
    private static let sharedExecutor = DedicatedExecutor(name: "facteur-postgres")
}

/// The mapping ``PostgresBridge`` applies to an error that is not already a ``Store/StoreError``
/// (the parts map PostgreSQL's errors themselves, with what they were doing; this is the rest).
enum PostgresErrors {
    /// A plain sentence naming the kind of failure only: no SQL text, no bound values.
    static func storeError(_ error: any Error) -> StoreError {
        StoreError(.database, "PostgreSQL failed (\(type(of: error)))")
    }
}
