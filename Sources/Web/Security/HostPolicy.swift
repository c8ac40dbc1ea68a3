import Foundation

/// Which `Host` names the pages answer to, and which origins may change anything.
///
/// A page the operator opens elsewhere can point its own name at 127.0.0.1 (DNS rebinding) and
/// then read and post Facteur's forms as if it were Facteur: the browser sends the attacker's name
/// in `Host` and `Origin`. Refusing every `Host` that is not one of Facteur's own names ends the
/// read, and requiring a same-origin `Origin` (or `Referer`) on every state-changing request ends
/// the write, independently of the CSRF token.
///
/// Names served: `localhost`, `127.0.0.1`, `::1`, the `web_bind` address when it is a real one (not
/// `0.0.0.0`/`::`), and the host of `web_public_url`.
struct HostPolicy: Sendable {
    /// The host names accepted in `Host`, lower case, without port or brackets.
    let names: Set<String>
    /// The public origin (`https://facteur.example.fr`), when `web_public_url` is set.
    let publicOrigin: String?

    /// The policy for a bind address and an optional public URL.
    init(bindHost: String, publicURL: WebPublicURL?) {
        var names: Set<String> = ["localhost", "127.0.0.1", "::1"]
        let bind = Self.bare(bindHost.lowercased())
        if !["0.0.0.0", "::", ""].contains(bind) { names.insert(bind) }
        if let publicURL { names.insert(publicURL.host) }
        self.names = names
        publicOrigin = publicURL?.origin
    }

    /// Whether a request's authority (`Host` header: `name`, `name:port`, `[v6]:port`) names Facteur.
    func allows(authority: String) -> Bool {
        guard let host = Self.hostName(of: authority) else { return false }
        return names.contains(host)
    }

    /// Whether an `Origin` value (or a `Referer`'s origin) is Facteur's own for this request: the
    /// public origin, or `http(s)://` plus exactly the request's authority, itself an allowed name.
    func allows(origin: String, authority: String) -> Bool {
        let origin = origin.lowercased()
        if let publicOrigin, origin == publicOrigin { return true }
        guard allows(authority: authority) else { return false }
        let authority = authority.lowercased()
        return origin == "http://\(authority)" || origin == "https://\(authority)"
    }

    /// The origin (`scheme://authority`) of an absolute URL such as a `Referer`, or nil.
    static func origin(ofURL url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty else { return nil }
        return "\(scheme)://\(authority.lowercased())"
    }

    /// The host name of an authority, lower case, without port or brackets; nil when malformed
    /// (user info, spaces, an empty name).
    static func hostName(of authority: String) -> String? {
        let authority = authority.lowercased()
        guard !authority.isEmpty, !authority.contains("@"),
              authority.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F }) else { return nil }
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            let rest = authority[authority.index(after: close)...]
            guard rest.isEmpty || (rest.hasPrefix(":") && rest.dropFirst().allSatisfy(\.isNumber)) else { return nil }
            return String(authority[authority.index(after: authority.startIndex)..<close])
        }
        let parts = authority.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 2, !parts[1].isEmpty, parts[1].allSatisfy(\.isNumber) { return parts[0].isEmpty ? nil : String(parts[0]) }
        if parts.count == 1 { return authority }
        // A bare IPv6 address without brackets (`::1`) is what some clients send for a v6 bind.
        return authority.contains("::") ? authority : nil
    }

    private static func bare(_ host: String) -> String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }
}
