// FacteurCore: the pure domain of Facteur — invoice documents and their mails, the outbox state
// machine and retry policy, and the ports (protocols with two or more real implementations).
// It imports only the standard library, FoundationEssentials and MIME; time, jitter and hashes are
// parameters, so everything here is deterministic and unit-tested without I/O.

/// The version string Facteur reports (User-Agent, EHLO banner logs, `facteur --version`).
public let facteurVersion = "0.1.0"
