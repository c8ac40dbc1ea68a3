import Logging

/// Whether the pages need a password right now, from the bind address and the stored hash.
struct LoginAccess: Sendable {
    /// What a request needs.
    enum State: Sendable, Equatable {
        /// No password is set and the pages are on loopback: served as they are.
        case open
        /// A password is set: a session opened with it is needed.
        case password(hash: String)
        /// Bound off loopback with no password (cleared while running): nothing is served.
        case locked
        /// The stored hash cannot be read: nothing is served until it can.
        case unreadable
    }

    /// Whether the bind address is off loopback (a password is then mandatory).
    let offLoopback: Bool
    /// Whether a reverse proxy fronts the pages (`web_public_url` is set).
    let behindProxy: Bool
    /// Reads the stored hash.
    let passwordHash: @Sendable () throws -> String?
    let logger: Logger

    /// The state now. A hash that cannot be read locks the pages rather than opening them.
    func state() -> State {
        let hash: String?
        do {
            hash = try passwordHash()
        } catch {
            logger.error("cannot read the web password hash", metadata: ["error": "\(error)"])
            return .unreadable
        }
        if let hash, !hash.isEmpty { return .password(hash: hash) }
        return offLoopback ? .locked : .open
    }

    /// `/login`, with the page to return to when it is a local path.
    static func loginPath(next: String?) -> String {
        guard let next, let safe = safeNext(next) else { return "/login" }
        return "/login?" + PercentEncoding.query([("next", safe)])
    }

    /// The page to go to after logging in: only a path on this site (`/…`, not `//host` nor `/\host`),
    /// never another site.
    static func safeNext(_ next: String?) -> String? {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\"), next.utf8.count <= 512,
              next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }), next != "/login" else { return nil }
        return next
    }
}

extension WebError {
    /// The stored password hash cannot be read.
    static let unreadablePassword = WebError(.unavailable,
        "The web password cannot be read right now (the server log says why); nothing is served until it can.")

    /// The pages are bound off loopback and the password was cleared.
    static let noPasswordOffLoopback = WebError(.unavailable,
        "No web password is set, and these pages are reachable from the network: run `facteur web-password` on the server, then log in.")
}
