import FacteurApp
import Foundation
import Testing

/// A PostgreSQL `store_url`: what is accepted, what is refused and why, and that no error or
/// description ever shows a password or the URL's user.
@Suite struct PostgresStoreURLTests {
    func parse(_ text: String, passwordFile: String? = nil) throws(ConfigurationError) -> PostgresStoreURL {
        try PostgresStoreURL(parsing: text, passwordFile: passwordFile)
    }

    /// The error a URL causes (nil when it parses).
    func problem(_ text: String) -> ConfigurationError? {
        let result = Result { () throws(ConfigurationError) -> PostgresStoreURL in try parse(text) }
        if case .failure(let error) = result { return error }
        return nil
    }

    /// Expects `text` refused with a `store_url` error containing `words`, and no part of `hidden` shown.
    func expectRefused(_ text: String, saying words: String, hiding hidden: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error = problem(text) else {
            Issue.record("\(text) was accepted", sourceLocation: sourceLocation)
            return
        }
        #expect(error.key == "store_url", sourceLocation: sourceLocation)
        #expect(error.problem.contains(words), "\(error.problem)", sourceLocation: sourceLocation)
        for part in hidden {
            #expect(!error.description.contains(part), "the error shows \(part)", sourceLocation: sourceLocation)
        }
    }

    @Test func aFullURLIsParsedIntoItsParts() throws {
        let url = try parse("postgres://facteur@db.example.fr:6432/facteur_prod?sslmode=verify-full", passwordFile: "/etc/facteur/pg.pass")
        #expect(url.endpoint == .tcp(host: "db.example.fr", port: 6432))
        #expect(url.user == "facteur" && url.database == "facteur_prod")
        #expect(url.tlsMode == .verifyFull && url.passwordFile == "/etc/facteur/pg.pass")
    }

    @Test func thePortDefaultsTo5432AndTLSToVerifyFull() throws {
        let url = try parse("postgresql://facteur@db.example.fr/facteur")
        #expect(url.endpoint == .tcp(host: "db.example.fr", port: 5432))
        #expect(url.tlsMode == .verifyFull)
    }

    @Test func anIPv6HostIsWrittenInBrackets() throws {
        let url = try parse("postgres://facteur@[::1]:5433/facteur?sslmode=disable")
        #expect(url.endpoint == .tcp(host: "::1", port: 5433))
        #expect(url.tlsMode == .disable)
    }

    @Test func aUnixSocketIsNamedByItsDirectory() throws {
        let url = try parse("postgres://facteur@/facteur?host=/run/postgresql&sslmode=disable")
        #expect(url.endpoint == .unixSocket(directory: "/run/postgresql", port: 5432))
        #expect(url.tlsMode == .disable)
        let other = try parse("postgres://facteur@:6543/facteur?host=%2Ftmp%2Fpg")
        #expect(other.endpoint == .unixSocket(directory: "/tmp/pg", port: 6543))
    }

    @Test func theUserAndTheDatabaseArePercentDecoded() throws {
        let url = try parse("postgres://fact%40eur@db.example.fr/compta%20cabinet")
        #expect(url.user == "fact@eur" && url.database == "compta cabinet")
    }

    @Test func aPasswordInTheURLIsRefusedWithoutBeingShown() {
        for text in ["postgres://facteur:s3cr3t-pw@db.example.fr/facteur",
                     "postgres://facteur:pa/ss?w#rd@db.example.fr/facteur",
                     "postgres://facteur:p@ss@db.example.fr:5432/facteur?sslmode=require",
                     "postgres://facteur:@db.example.fr/facteur"] {
            expectRefused(text, saying: "store_password_file", hiding: ["s3cr3t", "pa/ss", "w#rd", "p@ss", "facteur:", "db.example.fr"])
        }
    }

    @Test func aPasswordParameterIsRefusedWithoutBeingShown() {
        expectRefused("postgres://facteur@db.example.fr/facteur?password=s3cr3t-pw", saying: "store_password_file", hiding: ["s3cr3t"])
        expectRefused("postgres://facteur@db.example.fr/facteur?sslmode=verify-full&password=s3cr3t-pw", saying: "store_password_file",
                      hiding: ["s3cr3t"])
    }

    @Test func onlyVerifyFullAndDisableAreAccepted() {
        for mode in ["require", "prefer", "allow", "verify-ca"] {
            expectRefused("postgres://facteur@db.example.fr/facteur?sslmode=\(mode)", saying: "does not check the server's certificate")
        }
        expectRefused("postgres://facteur@db.example.fr/facteur?sslmode=VERIFY", saying: "verify-full (the default) or disable")
    }

    @Test func disableIsOnlyAllowedToALoopbackHostOrASocket() throws {
        expectRefused("postgres://facteur@db.example.fr/facteur?sslmode=disable", saying: "loopback")
        expectRefused("postgres://facteur@10.0.0.5/facteur?sslmode=disable", saying: "loopback")
        for host in ["127.0.0.1", "localhost", "[::1]"] {
            #expect(try parse("postgres://facteur@\(host)/facteur?sslmode=disable").tlsMode == .disable)
        }
    }

    @Test func theUserTheDatabaseAndTheHostAreRequired() {
        expectRefused("postgres://db.example.fr/facteur", saying: "name the user")
        expectRefused("postgres://@db.example.fr/facteur", saying: "name the user")
        expectRefused("postgres://facteur@db.example.fr", saying: "name the database")
        expectRefused("postgres://facteur@db.example.fr/", saying: "name the database")
        expectRefused("postgres://facteur@db.example.fr/a/b", saying: "name the database")
        expectRefused("postgres://facteur@/facteur", saying: "name the host")
    }

    @Test func aHostAndASocketTogetherAreRefused() {
        expectRefused("postgres://facteur@db.example.fr/facteur?host=/run/postgresql", saying: "both a host and ?host=")
    }

    @Test func aSocketDirectoryMustBeAnAbsolutePath() {
        expectRefused("postgres://facteur@/facteur?host=db.example.fr", saying: "absolute path")
    }

    @Test func badHostsAndPortsAreRefused() {
        expectRefused("postgres://facteur@db1.example.fr,db2.example.fr/facteur", saying: "several hosts")
        expectRefused("postgres://facteur@db example.fr/facteur", saying: "not a host name")
        expectRefused("postgres://facteur@[::1/facteur", saying: "brackets")
        for port in ["0", "70000", "abc", ""] {
            expectRefused("postgres://facteur@db.example.fr:\(port)/facteur", saying: "port must be a number")
        }
    }

    @Test func unknownOrRepeatedParametersAndFragmentsAreRefused() {
        expectRefused("postgres://facteur@db.example.fr/facteur?application_name=hunter2", saying: "known: sslmode, host",
                      hiding: ["application_name", "hunter2"])
        expectRefused("postgres://facteur@db.example.fr/facteur?sslmode=disable&sslmode=verify-full", saying: "sslmode twice")
        expectRefused("postgres://facteur@db.example.fr/facteur?sslmode", saying: "name=value")
        expectRefused("postgres://facteur@db.example.fr/facteur#main", saying: "#fragment")
    }

    @Test func anotherSchemeIsNotAPostgresURL() {
        expectRefused("mysql://facteur@db.example.fr/facteur", saying: "expected postgres://")
    }

    @Test func theDescriptionShowsNeitherTheUserNorThePasswordFile() throws {
        let url = try parse("postgres://cabinet-admin@db.example.fr:6432/facteur", passwordFile: "/etc/facteur/pg.pass")
        #expect(url.description == "postgres://db.example.fr:6432/facteur?sslmode=verify-full")
        #expect(StoreLocation.postgres(url).description == url.description)
        var dumped = ""
        dump(url, to: &dumped)
        for text in [url.description, String(reflecting: url), "\(url)", dumped, String(reflecting: StoreLocation.postgres(url))] {
            #expect(!text.contains("cabinet-admin"), "\(text)")
        }
        let socket = try parse("postgres://cabinet-admin@/facteur?host=/run/postgresql")
        #expect(socket.description == "postgres://:5432/facteur?host=%2Frun%2Fpostgresql&sslmode=verify-full")
        let v6 = try parse("postgres://cabinet-admin@[::1]/facteur")
        #expect(v6.description == "postgres://[::1]:5432/facteur?sslmode=verify-full")
    }
}
