public import Testing

/// One ``PostgresTestServer`` shared by every test of a suite: `@Suite(.postgresServer)`, then
/// `try PostgresServerTrait.server()` in a test. Started before the suite's first test, stopped
/// and deleted after its last (a cluster per test would spend seconds in `initdb` each time).
/// Tests share the database, so each uses its own workspace name.
public struct PostgresServerTrait: SuiteTrait, TestScoping {
    /// The suite's server, while its tests run.
    @TaskLocal static var current: PostgresTestServer?

    /// Only the suite itself: its tests inherit the server.
    public var isRecursive: Bool { false }

    /// Starts the server around the whole suite.
    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        guard testCase == nil, Self.current == nil else { return try await function() }
        try await withPostgresTestServer { server in
            try await Self.$current.withValue(server) { try await function() }
        }
    }

    /// The server of the suite running this test.
    /// - Throws: ``TestSupportError`` when the suite lacks `.postgresServer`.
    public static func server() throws -> PostgresTestServer {
        guard let current else { throw TestSupportError("the suite needs the .postgresServer trait") }
        return current
    }
}

extension Trait where Self == PostgresServerTrait {
    /// The suite's tests share one PostgreSQL test server (``PostgresServerTrait/server()``).
    public static var postgresServer: Self { PostgresServerTrait() }
}
