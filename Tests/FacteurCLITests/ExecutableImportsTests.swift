import Foundation
import Testing

/// The executable parses arguments and prints; everything else is FacteurApp's. SwiftPM on Linux
/// lets a target import any module its dependencies build, so Package.swift alone cannot keep
/// Store, Curl, QontoAPI or PennylaneAPI out of it: this reads its sources instead.
struct ExecutableImportsTests {
    /// Modules a file of Sources/facteur may import: the argument parser, the library, Foundation
    /// and Logging, and the Qonto sandbox `facteur sandbox` serves (no storage, no client).
    static let allowed: Set<String> = ["ArgumentParser", "FacteurApp", "Foundation", "Logging", "QontoSandbox"]

    @Test func theExecutableImportsOnlyTheArgumentParserAndFacteurApp() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/facteur")
        let files = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { $0.hasSuffix(".swift") }
        #expect(files.count > 10)
        var offending: [String] = []
        for file in files.sorted() {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ").map(String.init).filter { !$0.hasPrefix("@") }
                guard let at = words.firstIndex(of: "import"), at + 1 < words.count,
                      words[..<at].allSatisfy({ ["public", "internal", "package", "private", "fileprivate"].contains($0) })
                else { continue }
                let module = words[at + 1].split(separator: ".").first.map(String.init) ?? ""
                if !Self.allowed.contains(module) { offending.append("\(file): import \(module)") }
            }
        }
        #expect(offending == [], "the executable reaches these modules directly instead of through FacteurApp")
    }
}
