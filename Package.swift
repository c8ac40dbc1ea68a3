// swift-tools-version:6.1
// Facteur: forwards Qonto invoices to Pennylane's email-in addresses.
// Layout and module rules: see README.md ("Architecture") and the import diagram there.
import PackageDescription

let package = Package(
    name: "facteur",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "facteur", targets: ["facteur"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Pure: RFC 5322/2045/2047/2231 message model and encoder. No I/O.
        .target(name: "MIME"),
        // Pure domain: invoice mail, outbox state machine, retry policy, ports.
        .target(name: "FacteurCore", dependencies: ["MIME"]),
        // System libraries behind header-only shims.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // The one Swift wrapper over libcurl.
        .target(name: "Curl", dependencies: ["CCurl", "FacteurCore"]),
        // Qonto Business API client over Curl: API key and OAuth, pagination, attachments.
        .target(name: "QontoAPI", dependencies: ["Curl", "FacteurCore"]),
        // A Qonto-shaped API on loopback (Hummingbird) for `facteur sandbox`, the demo and the tests.
        // It shares no code with QontoAPI on purpose: shared DTOs would hide decoding bugs.
        .target(name: "QontoSandbox", dependencies: [
            .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
        ]),
        // Pennylane API v2 read-only client over Curl: suppliers, customers, supplier invoices, changelogs.
        .target(name: "PennylaneAPI", dependencies: ["Curl", "FacteurCore"]),
        // A Pennylane-v2-shaped API on loopback (Hummingbird) for the tests; no Facteur module on purpose.
        .target(name: "PennylaneSandbox", dependencies: [
            .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
        ]),
        // Mail transports: SMTP over Curl, and the Maildir file transport.
        .target(name: "Delivery", dependencies: ["Curl", "FacteurCore", "MIME"]),
        // SQLite (GRDB) store: outbox, mail log, settings, secrets; hashing via OpenSSL.
        .target(name: "Store", dependencies: [
            "FacteurCore", "COpenSSL", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // PostgreSQL (PostgresNIO) implementation of the store façade, for several gateway processes
        // sharing one queue: migrations, leases on outbox claims, the per-workspace mail-log chain.
        .target(name: "StorePostgres", dependencies: [
            "Store", "FacteurCore",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // Status, settings and overview pages and /metrics: Hummingbird 2 router, swift-mustache views
        // over the store, and the Prometheus text format written with swift-prometheus.
        // Actions (retry, save settings) are handed in by FacteurApp; Web never imports it.
        .target(name: "Web", dependencies: [
            "FacteurCore", "Store",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        // Composition root: configuration, use cases shared by the CLI and the web pages, and the
        // daemon's services in one ServiceGroup.
        .target(name: "FacteurApp", dependencies: [
            "FacteurCore", "MIME", "Store", "StorePostgres", "Delivery", "Curl", "QontoAPI", "PennylaneAPI", "Web",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        ]),
        // Thin executable: argument parsing and printing only. It reaches storage, Qonto, Pennylane
        // and libcurl through FacteurApp's use cases (FacteurApp re-exports FacteurCore's types).
        .executableTarget(name: "facteur", dependencies: [
            "FacteurApp", "QontoSandbox",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Test support: loopback SMTP server processes, temporary data dirs, the built binary.
        .target(name: "FacteurTesting", dependencies: ["FacteurCore"]),

        .testTarget(name: "MIMETests", dependencies: ["MIME"], resources: [.copy("Fixtures")]),
        .testTarget(name: "FacteurCoreTests", dependencies: ["FacteurCore", "MIME", "FacteurTesting"], resources: [.copy("Fixtures")]),
        .testTarget(name: "StoreTests", dependencies: [
            "Store", "FacteurCore", "FacteurTesting", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // Real PostgreSQL 15 started per suite (FacteurTesting.PostgresTestServer); the outbox contract
        // runs on both engines.
        .testTarget(name: "StorePostgresTests", dependencies: [
            "StorePostgres", "Store", "FacteurTesting", "FacteurCore",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
        .testTarget(name: "DeliveryTests", dependencies: [
            "Delivery", "Curl", "FacteurCore", "FacteurApp", "Store", "MIME", "FacteurTesting",
        ]),
        .testTarget(name: "FacteurCLITests", dependencies: ["FacteurTesting", "FacteurCore"], exclude: ["Fixtures"]),
        .testTarget(name: "QontoSandboxTests", dependencies: ["QontoSandbox", "FacteurTesting"]),
        .testTarget(name: "WebTests", dependencies: [
            "Web", "Store", "FacteurCore", "FacteurApp", "FacteurTesting",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "InMemoryLogging", package: "swift-log"),
        ]),
        .testTarget(name: "FacteurAppTests", dependencies: [
            "FacteurApp", "FacteurCore", "QontoAPI", "QontoSandbox", "Store", "Curl", "FacteurTesting", "MIME", "Web",
            "PennylaneAPI", "PennylaneSandbox",
        ]),
        .testTarget(name: "QontoAPITests", dependencies: [
            "QontoAPI", "QontoSandbox", "Curl", "FacteurCore", "FacteurTesting", "FacteurApp",
        ], resources: [.copy("Fixtures")]),
        // Real PennylaneAPI client ↔ PennylaneSandbox over HTTP on 127.0.0.1:0.
        .testTarget(name: "PennylaneAPITests", dependencies: [
            "PennylaneAPI", "PennylaneSandbox", "Curl", "FacteurCore", "FacteurTesting",
        ]),
    ]
)

// Language settings stated once for every Swift target (convention 10).
for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
