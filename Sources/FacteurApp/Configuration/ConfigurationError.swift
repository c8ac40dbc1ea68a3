/// A configuration problem, always naming the key (or the file) so the fix is obvious. Printed as
/// one line before anything runs; never includes a secret's value.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The key concerned (`smtp_url`), or the file.
    public var key: String
    /// What is wrong and what is expected.
    public var problem: String

    /// Creates an error.
    public init(key: String, _ problem: String) {
        self.key = key
        self.problem = problem
    }

    /// `configuration error: smtp_url: …`.
    public var description: String { "configuration error: \(key): \(problem)" }
}
