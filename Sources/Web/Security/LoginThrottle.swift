import FoundationEssentials

/// Limits password guessing: at most ``perClient`` failed logins per client address and
/// ``overall`` across all clients within ``window``; past either, login attempts are refused
/// without checking the password until the oldest failure leaves the window.
///
/// Behind a reverse proxy on the same machine (`web_public_url` set, the peer on loopback) every
/// client shares the proxy's address, so the address is not used and only the overall limit holds;
/// the owner can still be kept out for up to ``window`` by someone guessing through the proxy.
///
/// An attempt counts as a failure from the moment it starts (``begin(client:now:)``) until it
/// succeeds (``succeeded(_:)``), so a hundred guesses sent in parallel are held to the same limit
/// as a hundred sent one after another, and the password hash (PBKDF2, deliberately slow) is never
/// computed for a refused attempt. The global limit is what holds when guesses come from many
/// addresses; it can lock the owner out for up to ``window`` during an attack, which
/// `facteur web-password` on the server does not need.
///
/// A pure value: the time is a parameter; the login controller keeps it behind a lock.
struct LoginThrottle: Sendable {
    /// Failed attempts allowed per client address within ``window``.
    static let perClient = 5
    /// Failed attempts allowed across every client within ``window``.
    static let overall = 30
    /// How long a failure counts.
    static let window: TimeInterval = 15 * 60
    /// Client addresses remembered at most (the oldest is forgotten beyond).
    static let clientCapacity = 4096

    /// The bucket of attempts whose client is unknown (counted only in the overall limit).
    static let unknownClient = ""

    /// A started attempt, to report as succeeded or leave counted as failed.
    struct Attempt: Sendable, Hashable {
        let client: String
        let at: Date
    }

    private var byClient: [String: [Date]] = [:]
    private var all: [Date] = []

    /// Starts an attempt from `client`, counted as a failure unless it later succeeds.
    /// - Parameter client: The client's address; nil when it says nothing about the client (every
    ///   request comes from the reverse proxy), and only the overall limit applies.
    /// - Returns: The attempt, or the seconds to wait when the client or everyone is over the limit.
    mutating func begin(client: String?, now: Date) -> Result<Attempt, Refusal> {
        prune(now: now)
        let client = client ?? Self.unknownClient
        let mine = client == Self.unknownClient ? [] : byClient[client] ?? []
        if mine.count >= Self.perClient, let oldest = mine.first {
            return .failure(Refusal(retryAfter: oldest.addingTimeInterval(Self.window).timeIntervalSince(now), everyone: false))
        }
        if all.count >= Self.overall, let oldest = all.first {
            return .failure(Refusal(retryAfter: oldest.addingTimeInterval(Self.window).timeIntervalSince(now), everyone: true))
        }
        if client != Self.unknownClient, byClient[client] == nil, byClient.count >= Self.clientCapacity,
           let stalest = byClient.min(by: { ($0.value.last ?? .distantPast) < ($1.value.last ?? .distantPast) }) {
            byClient[stalest.key] = nil
        }
        if client != Self.unknownClient { byClient[client, default: []].append(now) }
        all.append(now)
        return .success(Attempt(client: client, at: now))
    }

    /// The attempt had the right password: it does not count, and the client's earlier failures
    /// are forgotten.
    mutating func succeeded(_ attempt: Attempt) {
        if let index = all.firstIndex(of: attempt.at) { all.remove(at: index) }
        if attempt.client != Self.unknownClient { byClient[attempt.client] = nil }
    }

    /// Why an attempt was refused.
    struct Refusal: Error, Sendable, Hashable {
        /// Seconds until an attempt may succeed again.
        let retryAfter: TimeInterval
        /// Whether the overall limit (not this client's) was reached.
        let everyone: Bool
    }

    private mutating func prune(now: Date) {
        let horizon = now.addingTimeInterval(-Self.window)
        all.removeAll { $0 <= horizon }
        byClient = byClient.compactMapValues { times in
            let kept = times.filter { $0 > horizon }
            return kept.isEmpty ? nil : kept
        }
    }
}
