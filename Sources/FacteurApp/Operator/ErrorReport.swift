import FacteurCore
import PennylaneAPI
import QontoAPI
import Store
import Web

/// What an error of Facteur's modules means for the person who ran a command: its kind (which the
/// executable turns into an exit status) and its lines, with no secret in them. The executable
/// reports errors through this alone, so it needs none of the modules that throw them.
public struct ErrorReport: Sendable, Hashable {
    /// What kind of failure it is.
    public enum Kind: Sendable, Hashable {
        /// The configuration is missing or invalid.
        case configuration
        /// The input was refused.
        case refused
        /// Another process holds the data directory.
        case busy
        /// A service refused our credentials: a person must reconnect or replace them.
        case authentication
        /// Anything else that failed.
        case failure
    }

    /// Its kind.
    public var kind: Kind
    /// One line per problem (a configuration may have several).
    public var lines: [String]

    /// Describes an error Facteur's modules throw; nil for any other (the argument parser's own).
    public init?(_ error: any Error) {
        switch error {
        case let error as ConfigurationError: (kind, lines) = (.configuration, [error.description])
        case let error as ConfigurationProblems: (kind, lines) = (.configuration, error.problems.map(\.description))
        case let error as AppError:
            kind = error.code == .refused ? .refused : (error.code == .busy ? .busy : .failure)
            lines = [error.message]
        case let error as FECParseError: (kind, lines) = (.refused, [error.message])
        case let error as PennylaneError: (kind, lines) = (error.isAuthFailure ? .authentication : .failure, [error.message])
        case let error as WebError: (kind, lines) = (.configuration, [error.message])
        case let error as StoreError: (kind, lines) = (error.code == .locked ? .busy : .failure, [error.message])
        case let error as QontoError: (kind, lines) = (error.isAuthFailure ? .authentication : .failure, [error.message])
        default: return nil
        }
    }
}
