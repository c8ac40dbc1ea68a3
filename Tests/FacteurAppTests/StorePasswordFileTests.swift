import FacteurApp
import FacteurCore
import FacteurTesting
import Foundation
import Testing

/// `store_password_file`: read under the master key's rules (a regular file, 0600 or narrower), and
/// never shown in an error.
@Suite struct StorePasswordFileTests {
    /// Writes `text` to a file of `mode` in a fresh directory, and runs `body` with its path.
    func withFile(_ text: String, mode: Int = 0o600, _ body: (String) throws -> Void) throws {
        let directory = try TemporaryDirectory("facteur-pg-pass")
        defer { directory.remove() }
        let path = try directory.write("pg.pass", Array(text.utf8))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        try body(path)
    }

    /// The error reading `path` causes (nil when it reads).
    func problem(_ path: String) -> ConfigurationError? {
        let result = Result { () throws(ConfigurationError) -> Secret in try StorePasswordFile.read(path) }
        if case .failure(let error) = result { return error }
        return nil
    }

    @Test func aPrivateFilesPasswordIsReadWithoutItsLineBreak() throws {
        for text in ["s3cr3t-pw\n", "s3cr3t-pw\r\n", "s3cr3t-pw"] {
            try withFile(text) { path throws in
                #expect(try StorePasswordFile.read(path).exposedValue == "s3cr3t-pw")
            }
        }
        try withFile("s3cr3t-pw\n", mode: 0o400) { path throws in
            #expect(try StorePasswordFile.read(path).exposedValue == "s3cr3t-pw")
        }
    }

    @Test func aFileOthersCanReadIsRefusedWithTheRemedyAndWithoutThePassword() throws {
        for mode in [0o644, 0o640, 0o604, 0o660] {
            try withFile("s3cr3t-pw\n", mode: mode) { path in
                let error = try #require(problem(path))
                #expect(error.key == "store_password_file")
                #expect(error.problem.contains("wider than 0600") && error.problem.contains("chmod 600 \(path)"))
                #expect(!error.description.contains("s3cr3t"))
            }
        }
    }

    @Test func aMissingFileIsRefusedNamingIt() throws {
        let error = try #require(problem("/nonexistent/facteur/pg.pass"))
        #expect(error.key == "store_password_file" && error.problem.contains("/nonexistent/facteur/pg.pass"))
    }

    @Test func anEmptyFileIsRefused() throws {
        for text in ["", "\n"] {
            try withFile(text) { path throws in
                #expect(try #require(problem(path)).problem.contains("is empty"))
            }
        }
    }

    @Test func aFileOfSeveralLinesIsRefusedWithoutShowingThem() throws {
        try withFile("s3cr3t-pw\nsecond-line\n") { path in
            let error = try #require(problem(path))
            #expect(error.problem.contains("only the password"))
            #expect(!error.description.contains("s3cr3t") && !error.description.contains("second-line"))
        }
    }

    @Test func aDirectoryOrASymbolicLinkIsRefused() throws {
        let directory = try TemporaryDirectory("facteur-pg-pass")
        defer { directory.remove() }
        #expect(try #require(problem(directory.path)).problem.contains("not a regular file"))
        let target = try directory.write("real.pass", Array("s3cr3t-pw".utf8))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target)
        try FileManager.default.createSymbolicLink(atPath: "\(directory.path)/link.pass", withDestinationPath: target)
        #expect(try #require(problem("\(directory.path)/link.pass")).problem.contains("cannot open"))
    }

    @Test func theStoreURLReadsItsPasswordFileOnlyWhenOneIsNamed() throws {
        #expect(try PostgresStoreURL(parsing: "postgres://facteur@db.example.fr/facteur", passwordFile: nil).password() == nil)
        try withFile("s3cr3t-pw\n") { path in
            let url = try PostgresStoreURL(parsing: "postgres://facteur@db.example.fr/facteur", passwordFile: path)
            #expect(try url.password()?.exposedValue == "s3cr3t-pw")
        }
    }

    @Test func configCheckReportsAPasswordFileOthersCanRead() throws {
        try withFile("s3cr3t-pw\n", mode: 0o644) { path in
            let configuration = try FacteurConfiguration(values: [
                "store_url": "postgres://facteur@db.example.fr/facteur", "store_password_file": path,
                "smtp_url": "smtps://relay.example.fr:465", "smtp_from": "factures@example.fr", "smtp_helo": "facteur.example.fr",
            ])
            let problems = RunReadiness(configuration, parts: [.gateway], secret: { _ in nil }).problems
            #expect(problems.contains { $0.key == "store_password_file" && $0.problem.contains("wider than 0600") })
            #expect(!problems.map(\.description).joined().contains("s3cr3t"))
        }
    }
}
