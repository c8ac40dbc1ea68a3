import FacteurTesting
import Foundation
import GRDB
import Store
import Testing

@Suite struct SecretStoreTests {
    let t0 = Date(timeIntervalSince1970: 1_795_612_921)
    let plaintext = "hunter2-Zq9!x7-correct-horse-battery-staple"

    /// An in-memory store with a fresh in-memory key.
    func memoryStore() throws -> (FacteurDatabase, SecretStore) {
        let database = try FacteurDatabase.inMemory()
        return (database, SecretStore(database: database, masterKey: try MasterKey.generate()))
    }

    func mode(_ path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    }

    /// Flips the first byte of a stored blob, as an attacker with write access to the file could.
    func flipFirstByte(of column: String, name: String, in database: FacteurDatabase) throws {
        try database.queue.write { db in
            guard let blob = try Data.fetchOne(db, sql: "SELECT \(column) FROM secrets WHERE name = ?", arguments: [name]) else {
                Issue.record("no \(column) for \(name)")
                return
            }
            var bytes = Array(blob)
            bytes[0] ^= 0x01
            try db.execute(sql: "UPDATE secrets SET \(column) = ? WHERE name = ?", arguments: [Data(bytes), name])
        }
    }

    /// Expects a `.secret` error whose message does not reveal the plaintext.
    func expectSecretError(_ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected a StoreError")
        } catch let error as StoreError {
            #expect(error.code == .secret)
            #expect(!error.message.contains(plaintext))
        } catch {
            Issue.record("expected a StoreError, got \(error)")
        }
    }

    // MARK: - Round trips

    @Test(arguments: ["s3cr3t", "mot de passe émoji 🔐 日本語 ünïcödé"])
    func aStoredValueReadsBackUnchanged(value: String) throws {
        let (_, store) = try memoryStore()
        try store.set(name: "qonto.secret_key", value: value, now: t0)
        #expect(try store.value(name: "qonto.secret_key") == value)
    }

    @Test func aFourKilobyteValueReadsBackUnchanged() throws {
        let (_, store) = try memoryStore()
        let value = String(repeating: "a1b2c3d4", count: 512)
        #expect(value.utf8.count == 4096)
        try store.set(name: "pennylane.token", value: value, now: t0)
        #expect(try store.value(name: "pennylane.token") == value)
    }

    @Test func settingANameAgainReplacesItsValueAndDate() throws {
        let (_, store) = try memoryStore()
        try store.set(name: "smtp_password", value: "first", now: t0)
        try store.set(name: "smtp_password", value: "second", now: t0.addingTimeInterval(60))
        #expect(try store.value(name: "smtp_password") == "second")
        #expect(try store.entries() == [SecretStore.Entry(name: "smtp_password", updatedAt: "2026-11-25T13:23:01.000Z")])
    }

    @Test func listingGivesNamesAndDatesAndDeletingRemovesOne() throws {
        let (_, store) = try memoryStore()
        try store.set(name: "pennylane.token", value: "p", now: t0)
        try store.set(name: "qonto-refresh_token", value: "q", now: t0)
        #expect(try store.names() == ["pennylane.token", "qonto-refresh_token"])
        #expect(try store.delete(name: "pennylane.token"))
        #expect(try !store.delete(name: "pennylane.token"))
        #expect(try store.names() == ["qonto-refresh_token"])
        #expect(try store.value(name: "pennylane.token") == nil)
    }

    @Test func sealingTheSameValueTwiceGivesDifferentNoncesAndCiphertexts() throws {
        let box = SecretBox(masterKey: try MasterKey.generate())
        let first = try box.seal(plaintext, name: "a")
        let second = try box.seal(plaintext, name: "a")
        #expect(first.nonce.count == 12 && first.tag.count == 16)
        #expect(first.ciphertext.count == plaintext.utf8.count)
        #expect(first.nonce != second.nonce)
        #expect(first.ciphertext != second.ciphertext)
        #expect(try box.open(first, name: "a") == plaintext && box.open(second, name: "a") == plaintext)
    }

    // MARK: - Refusals

    @Test(arguments: ["", "SMTP_PASSWORD", "with space", "slash/name", "é", String(repeating: "x", count: 65)])
    func invalidNamesAreRefusedWithoutBeingEchoed(name: String) throws {
        let (_, store) = try memoryStore()
        #expect(throws: StoreError.self) { try store.set(name: name, value: "v", now: t0) }
        let error = #expect(throws: StoreError.self) { try store.value(name: name) }
        #expect(error?.code == .secret)
        #expect(name.isEmpty || error?.message.contains(name) == false)
    }

    @Test func emptyAndOversizedValuesAreRefused() throws {
        let (_, store) = try memoryStore()
        expectSecretError { try store.set(name: "a", value: "", now: t0) }
        expectSecretError { try store.set(name: "a", value: String(repeating: "x", count: SecretStore.maximumValueLength + 1), now: t0) }
        #expect(try store.names().isEmpty)
    }

    // MARK: - Authentication

    @Test(arguments: ["nonce", "ciphertext", "tag"])
    func alteringAStoredColumnMakesTheSecretFailToOpen(column: String) throws {
        let (database, store) = try memoryStore()
        try store.set(name: "smtp_password", value: plaintext, now: t0)
        try flipFirstByte(of: column, name: "smtp_password", in: database)
        expectSecretError { _ = try store.value(name: "smtp_password") }
    }

    @Test func aRowMovedToAnotherNameFailsToOpen() throws {
        let (database, store) = try memoryStore()
        try store.set(name: "qonto.secret_key", value: plaintext, now: t0)
        try database.queue.write { db in
            try db.execute(sql: "UPDATE secrets SET name = 'smtp_password' WHERE name = 'qonto.secret_key'")
        }
        expectSecretError { _ = try store.value(name: "smtp_password") }
    }

    @Test func aTruncatedTagIsReportedAsMalformed() throws {
        let box = SecretBox(masterKey: try MasterKey.generate())
        var sealed = try box.seal(plaintext, name: "a")
        sealed.tag.removeLast()
        expectSecretError { _ = try box.open(sealed, name: "a") }
    }

    @Test func anotherMasterKeyCannotOpenTheSecret() throws {
        let database = try FacteurDatabase.inMemory()
        try SecretStore(database: database, masterKey: try MasterKey.generate()).set(name: "a", value: plaintext, now: t0)
        let other = SecretStore(database: database, masterKey: try MasterKey.generate())
        expectSecretError { _ = try other.value(name: "a") }
    }

    @Test func descriptionsNeverShowValuesOrKeys() throws {
        let key = try MasterKey.generate()
        let sealed = try SecretBox(masterKey: key).seal(plaintext, name: "a")
        #expect(String(describing: sealed) == "sealed secret (\(plaintext.utf8.count) bytes)")
        #expect(String(describing: key) == "master key (in memory)")
        var dumped = ""
        dump(key, to: &dumped)
        #expect(!dumped.contains("bytes"))
    }

    // MARK: - Master key file

    @Test func theMasterKeyIsCreatedOwnerOnlyWith32RandomBytesAndReused() throws {
        let directory = try TemporaryDirectory("facteur-secrets")
        defer { directory.remove() }
        let path = "\(directory.path)/master.key"
        _ = try MasterKey.loadOrCreate(path: path)
        #expect(try mode(path) == 0o600)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.count == 32)
        #expect(Set(bytes).count > 1)

        // Given a secret stored under the new key, when the key is opened again, then it is the same file and key.
        let database = try FacteurDatabase.inMemory()
        try SecretStore(database: database, masterKey: try MasterKey.loadOrCreate(path: path)).set(name: "a", value: plaintext, now: t0)
        let reopened = SecretStore(database: database, masterKey: try MasterKey.loadOrCreate(path: path))
        #expect(try reopened.value(name: "a") == plaintext)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test func aKeyFileOthersCanReadIsRefusedWithTheFix() throws {
        let directory = try TemporaryDirectory("facteur-secrets")
        defer { directory.remove() }
        let path = "\(directory.path)/master.key"
        _ = try MasterKey.loadOrCreate(path: path)
        chmod(path, 0o644)
        do {
            _ = try MasterKey.loadOrCreate(path: path)
            Issue.record("a 0644 key file was accepted")
        } catch {
            #expect(error.code == .masterKey)
            #expect(error.message.contains(path) && error.message.contains("chmod 600 \(path)"))
        }
    }

    @Test func aKeyFileOwnedByAnotherUserIsRefused() throws {
        let directory = try TemporaryDirectory("facteur-secrets")
        defer { directory.remove() }
        let path = "\(directory.path)/master.key"
        _ = try MasterKey.loadOrCreate(path: path)
        // Only root can give a file away; elsewhere the refusal cannot be staged.
        guard geteuid() == 0, chown(path, 65534, 65534) == 0 else { return }
        let error = #expect(throws: StoreError.self) { try MasterKey.load(path: path) }
        #expect(error?.code == .masterKey && error?.message.contains("belongs to user id 65534") == true)
    }

    @Test(arguments: [0, 16, 31, 33, 64])
    func aKeyFileOfTheWrongSizeIsRefused(size: Int) throws {
        let directory = try TemporaryDirectory("facteur-secrets")
        defer { directory.remove() }
        let path = try directory.write("master.key", [UInt8](repeating: 7, count: size))
        chmod(path, 0o600)
        let error = #expect(throws: StoreError.self) { try MasterKey.loadOrCreate(path: path) }
        #expect(error?.code == .masterKey && error?.message.contains(path) == true)
    }

    @Test func aKeyIsNotCreatedInADirectoryThatDoesNotExist() throws {
        let directory = try TemporaryDirectory("facteur-secrets")
        defer { directory.remove() }
        #expect(throws: StoreError.self) { try MasterKey.loadOrCreate(path: "\(directory.path)/missing/master.key") }
        #expect(!FileManager.default.fileExists(atPath: "\(directory.path)/missing"))
    }

    @Test func aLostKeyFileIsNotSilentlyReplacedWhileSecretsAreStored() throws {
        let directory = try TemporaryDirectory("facteur-secrets")
        defer { directory.remove() }
        let database = try FacteurDatabase.open(dataDirectory: "\(directory.path)/data")
        let keyFile = "\(directory.path)/master.key"
        let store = SecretStore(database: database, masterKeyFile: keyFile)
        #expect(try store.value(name: "a") == nil)
        #expect(!FileManager.default.fileExists(atPath: keyFile))  // reading created no key
        try store.set(name: "a", value: plaintext, now: t0)
        try FileManager.default.removeItem(atPath: keyFile)
        #expect(throws: StoreError.self) { try store.prepareMasterKey() }
        let setError = #expect(throws: StoreError.self) { try store.set(name: "b", value: "v", now: t0) }
        #expect(setError?.code == .masterKey)
        let readError = #expect(throws: StoreError.self) { try store.value(name: "a") }
        #expect(readError?.code == .masterKey)
        #expect(!FileManager.default.fileExists(atPath: keyFile))
    }

    // MARK: - At rest

    @Test func thePlaintextIsInNeitherTheDatabaseFilesNorTheKeyFile() throws {
        let directory = try TemporaryDirectory("facteur-secrets")
        defer { directory.remove() }
        let dataDirectory = "\(directory.path)/data"
        let keyFile = "\(dataDirectory)/master.key"
        let scanned = ["facteur.sqlite", "facteur.sqlite-wal", "facteur.sqlite-shm"].map { "\(dataDirectory)/\($0)" } + [keyFile]
        func files(holding text: String) -> [String] {
            scanned.filter { FileManager.default.contents(atPath: $0)?.range(of: Data(text.utf8)) != nil }
        }

        // Given a secret written through the store into a real database file, next to a canary
        // written in clear (which proves the scan does see what reaches the files)…
        var database: FacteurDatabase? = try FacteurDatabase.open(dataDirectory: dataDirectory)
        let store = SecretStore(database: database!, masterKeyFile: keyFile)
        try store.set(name: "smtp_password", value: plaintext, now: t0)
        #expect(try store.value(name: "smtp_password") == plaintext)
        let canary = "canary-in-clear-7f3a9c"
        try database!.queue.write { db in
            try db.execute(sql: "INSERT INTO settings (key, value, updated_at) VALUES ('canary', ?, 'now')", arguments: [canary])
        }
        // …then while the database is open the WAL holds the canary but no file holds the secret…
        #expect(files(holding: canary) == ["\(dataDirectory)/facteur.sqlite-wal"])
        #expect(files(holding: plaintext) == [])
        // …nor after a checkpoint into the main file and a close.
        _ = try database!.queue.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        try database!.queue.close()
        database = nil
        #expect(files(holding: canary) == ["\(dataDirectory)/facteur.sqlite"])
        #expect(files(holding: plaintext) == [])
    }
}
