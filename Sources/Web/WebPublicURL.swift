import Foundation

/// The address people use to reach the pages through a reverse proxy (`web_public_url`), e.g.
/// `https://facteur.cabinet-exemple.fr`.
///
/// It names one more host the pages answer to (see ``HostPolicy``) and, when it is `https`, makes
/// every cookie `Secure`. It has no path: Facteur's pages live at the root.
public struct WebPublicURL: Sendable, Hashable, CustomStringConvertible {
    /// `http` or `https`.
    public let scheme: String
    /// The host name, lower case (IPv6 without brackets).
    public let host: String
    /// The port, when one is written.
    public let port: Int?

    /// Parses `scheme://host[:port]` (a trailing `/` is allowed).
    /// - Returns: nil when the text is not such a URL.
    public init?(_ text: String) {
        var text = text.lowercased()
        if text.hasSuffix("/") { text.removeLast() }
        guard let schemeEnd = text.range(of: "://") else { return nil }
        let scheme = String(text[..<schemeEnd.lowerBound])
        let authority = String(text[schemeEnd.upperBound...])
        guard scheme == "http" || scheme == "https", !authority.contains("/"), !authority.contains("?"),
              !authority.contains("#"), let host = HostPolicy.hostName(of: authority), !host.isEmpty,
              // An IPv6 address must be in brackets, or its last group would read as a port.
              authority.hasPrefix("[") || !host.contains(":") else { return nil }
        let portText: Substring? = authority.hasPrefix("[")
            ? authority.split(separator: "]", maxSplits: 1).dropFirst().first.flatMap { $0.hasPrefix(":") ? $0.dropFirst() : nil }
            : (authority.contains(":") ? authority.split(separator: ":").last : nil)
        if let portText {
            guard let port = Int(portText), (1...65_535).contains(port) else { return nil }
            // The scheme's default port is not written in a browser's Origin.
            self.port = (scheme == "https" && port == 443) || (scheme == "http" && port == 80) ? nil : port
        } else {
            port = nil
        }
        self.scheme = scheme
        self.host = host
    }

    /// Whether the pages are reached over HTTPS (cookies then carry `Secure`).
    public var isHTTPS: Bool { scheme == "https" }

    /// `scheme://host[:port]`, as a browser sends it in `Origin`.
    public var origin: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(name)\(port.map { ":\($0)" } ?? "")"
    }

    /// The origin.
    public var description: String { origin }
}
