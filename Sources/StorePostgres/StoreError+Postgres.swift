import PostgresNIO
import Store

extension StoreError {
    /// A PostgreSQL failure as one line for the operator: what Facteur was doing, a plain sentence
    /// for the kind of failure and its SQLSTATE. The SQL text, the bound values, the server's own
    /// message and detail (which may quote stored values) and the password are never included.
    /// - Parameters:
    ///   - error: What PostgresNIO (or the transaction's body) threw; a ``StoreError`` passes unchanged.
    ///   - action: What Facteur was doing ("begin an attempt on outbox #12").
    ///   - location: The server, named without its password (nil: "the PostgreSQL server").
    init(postgres error: any Error, while action: String, location: PostgresLocation?) {
        let server = location.map { "\($0)" } ?? "the PostgreSQL server"
        switch error {
        case let error as StoreError:
            self = error
        case let error as PostgresTransactionError:
            let cause = error.closureError ?? error.commitError ?? error.beginError ?? error.rollbackError
            self = cause.map { StoreError(postgres: $0, while: action, location: location) }
                ?? StoreError(.database, "PostgreSQL could not \(action): the transaction failed")
        case let error as PSQLError:
            self = StoreError(.database, "PostgreSQL could not \(action): \(Self.sentence(error, server: server))")
        case let error as PostgresDecodingError:
            self = StoreError(.database, "PostgreSQL could not \(action): column \(error.columnName) holds an unexpected type "
                + "(is the database's schema from another Facteur version?)")
        case is CancellationError:
            self = StoreError(.database, "PostgreSQL could not \(action): the task was cancelled")
        default:
            self = StoreError(.database, "PostgreSQL could not \(action): connection to \(server) failed (\(type(of: error)))")
        }
    }

    /// The kind of a PostgresNIO failure, in words.
    private static func sentence(_ error: PSQLError, server location: String) -> String {
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? "?????"
            return "\(serverSentence(sqlState: state, server: location)) (SQLSTATE \(state))"
        case .sslUnsupported, .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            return "TLS with \(location) could not be set up (does the server offer TLS, is its certificate trusted?)"
        case .unsupportedAuthMechanism, .authMechanismRequiresPassword, .saslError:
            return "authentication to \(location) failed (is a password configured, is it the right one?)"
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
            return "cannot reach \(location) (\(error.code))"
        case .queryCancelled:
            return "the statement was cancelled"
        default:
            return "the client failed talking to \(location) (\(error.code))"
        }
    }

    /// A sentence for a server error's SQLSTATE class.
    private static func serverSentence(sqlState: String, server location: String) -> String {
        switch sqlState.prefix(2) {
        case "08": return "the connection to \(location) broke"
        case "23": return "a constraint of the store refused the change"
        case "25", "40": return "the transaction was aborted (a conflict with another process); it can be retried"
        case "28": return "\(location) refused the role's credentials"
        case "3D": return "the database of \(location) does not exist"
        case "42": return "the statement does not fit the database's schema (migrations not applied, or another Facteur version?)"
        case "53": return "the server is out of resources (disk, memory or connections)"
        case "55": return "a lock could not be taken"
        case "57": return "the server is shutting down or cancelled the statement"
        default: return "the server reported an error"
        }
    }
}
