import Foundation
import Store
import Testing

/// Two processes opening one brand-new data directory at once (the daemon and a command) both ran
/// the migrations, and one failed with "table incidents already exists" (seen 1 pair in 8). Two
/// connections in one process race the same way, so threads stand in for the processes.
@Suite struct ConcurrentOpeningTests {
    @Test func connectionsOpeningANewDataDirectoryAtOnceAllSucceedWithOneMasterKey() throws {
        for round in 0..<20 {
            let path = "\(FileManager.default.temporaryDirectory.path)/facteur-open-\(round)-\(UUID().uuidString.prefix(8))"
            defer { try? FileManager.default.removeItem(atPath: path) }
            let failures = Failures()
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                do {
                    _ = try FacteurDatabase.open(dataDirectory: path)
                } catch {
                    failures.append("\(error)")
                }
            }
            #expect(failures.all.isEmpty, "round \(round): \(failures.all)")
            // Everyone got the same key: a reopening verifies what the others sealed.
            _ = try FacteurDatabase.open(dataDirectory: path)
        }
    }
}

private final class Failures: @unchecked Sendable {
    // @unchecked: every access holds `lock`.
    private let lock = NSLock()
    private var items: [String] = []
    func append(_ item: String) { lock.lock(); items.append(item); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
}
