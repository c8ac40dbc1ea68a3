import FacteurApp

/// `facteur --version`: Facteur's version and the libcurl it runs on.
enum FacteurVersion {
    static var text: String { "facteur \(facteurVersion)" }
}
