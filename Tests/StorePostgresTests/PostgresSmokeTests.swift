import FacteurTesting
import Foundation
import Logging
import Store
import PostgresNIO
@testable import StorePostgres
import Testing

@Suite("PostgreSQL test server and schema", .processHeavy)
struct PostgresSmokeTests {
    @Test("the server starts, and migrations applied by two connections at once run once without error")
    func migrationsApplyOnceUnderConcurrency() async throws {
        try await withPostgresTestServer { server in
            try await withStoreConnection(server, migrate: false) { first in
                try await withStoreConnection(server, unixSocket: true, migrate: false) { second in
                    async let a = first.migrate()
                    async let b = second.migrate()
                    let (appliedByFirst, appliedBySecond) = try await (a, b)
                    let all = PostgresSchema.migrations.map(\.number)
                    #expect((appliedByFirst + appliedBySecond).sorted() == all)
                    #expect(appliedByFirst.isEmpty || appliedBySecond.isEmpty)
                    #expect(try await first.migrate().isEmpty)
                    #expect(try await second.appliedMigrations() == all)
                }
            }
        }
    }

    @Test("a restarted server is reachable again on the same port with its data")
    func restartKeepsData() async throws {
        try await withPostgresTestServer { server in
            try await withStoreConnection(server) { connection in
                try await server.restart()
                let applied = try await eventuallyValue(seconds: 10) { try await connection.appliedMigrations() }
                #expect(applied == PostgresSchema.migrations.map(\.number))
            }
        }
    }

    @Test("a PostgreSQL failure becomes a StoreError in plain words, without SQL, values or the password")
    func serverErrorIsAPlainStoreError() async throws {
        try await withPostgresTestServer { server in
            var logger = Logger(label: "facteur.test.postgres")
            logger.logLevel = .critical
            let location = PostgresLocation(endpoint: .tcp(host: server.host, port: server.port), user: server.user,
                                            database: server.database, tls: .disable, password: { "hunter2-secret" })
            #expect(!location.description.contains("hunter2"))
            let connection = try PostgresStoreConnection(location: location, logger: logger)
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await connection.run() }
                // No migrations: the outbox table does not exist.
                do throws(StoreError) {
                    _ = try await connection.rows("list the outbox", """
                        SELECT * FROM outbox WHERE record_id = \("secret-record-value")
                        """)
                    Issue.record("a query on a missing table succeeded")
                } catch {
                    #expect(error.code == .database)
                    #expect(error.message.contains("SQLSTATE 42P01"))
                    #expect(!error.message.contains("SELECT") && !error.message.contains("hunter2"))
                    #expect(!error.message.contains("secret-record-value"))
                }
                group.cancelAll()
            }
        }
    }
}

/// Tries `body` until it stops throwing (a pool reconnecting after a restart), at most `seconds`.
func eventuallyValue<T>(seconds: Double, _ body: () async throws -> T) async throws -> T {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while true {
        do { return try await body() } catch {
            if ContinuousClock.now > deadline { throw error }
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}

/// The clock check at start: gateways sharing one store compare leases across machines.
@Suite struct ClockCheckTests {
    @Test("a clock within five seconds of the server's is accepted, either way")
    func closeClocksAreAccepted() throws {
        let server = Date(timeIntervalSince1970: 1_800_000_000)
        try PostgresStoreConnection.checkClock(local: server.addingTimeInterval(4.9), server: server)
        try PostgresStoreConnection.checkClock(local: server.addingTimeInterval(-4.9), server: server)
    }

    @Test("a clock 40 seconds ahead is refused, saying by how much and what to do")
    func aFarClockIsRefused() throws {
        let server = Date(timeIntervalSince1970: 1_800_000_000)
        let error = try #require(throws: StoreError.self) {
            try PostgresStoreConnection.checkClock(local: server.addingTimeInterval(40), server: server)
        }
        #expect(error.code == .invalidState)
        #expect(error.description.contains("40 s ahead of PostgreSQL's"))
        #expect(error.description.contains("NTP"))
    }
}
