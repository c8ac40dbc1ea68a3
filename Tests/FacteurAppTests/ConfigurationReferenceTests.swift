import FacteurApp
import FacteurTesting
import Foundation
import Testing

/// The README's configuration reference cannot drift from the code: every key the code reads is
/// documented there, and no documented key is unknown to the code.
@Suite struct ConfigurationReferenceTests {
    @Test func everyKeyIsInTheReadme() throws {
        let readme = try String(contentsOfFile: "\(Repository.root)/README.md", encoding: .utf8)
        for key in ConfigurationKey.all {
            #expect(readme.contains("`\(key.name)`"), "README.md does not document \(key.name)")
        }
    }

    @Test func theReadmeDocumentsNoUnknownKey() throws {
        let readme = try String(contentsOfFile: "\(Repository.root)/README.md", encoding: .utf8)
        let table = readme.components(separatedBy: "## Configuration").dropFirst().first?.components(separatedBy: "\n## ").first ?? ""
        let known = Set(ConfigurationKey.all.map(\.name))
        var checked = 0
        for line in table.split(separator: "\n") where line.hasPrefix("| `") {
            let cell = line.split(separator: "|").first.map(String.init) ?? ""
            for name in cell.split(separator: "`").enumerated().filter({ $0.offset % 2 == 1 }).map({ String($0.element) }) {
                #expect(known.contains(name), "README.md documents \(name), which the code does not read")
                checked += 1
            }
        }
        #expect(checked >= 25, "the configuration table was not found in README.md")
    }
}
