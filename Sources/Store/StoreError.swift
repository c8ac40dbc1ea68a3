/// The one error type of Store: what went wrong with the data directory or the database, in a line
/// for the operator. SQL statement arguments (which may hold personal data) are never included, and
/// neither is a secret's value or any key material.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable error code.
    public struct Code: Hashable, Sendable {
        private enum Value: Hashable, Sendable { case dataDirectory, database, notFound, invalidState, locked, masterKey, secret, leaseLost }
        private let value: Value
        /// The data directory or a file in it cannot be created or has unsafe permissions.
        public static let dataDirectory = Code(value: .dataDirectory)
        /// SQLite reported an error.
        public static let database = Code(value: .database)
        /// No outbox message (or stored secret) matches.
        public static let notFound = Code(value: .notFound)
        /// The operation does not apply to the message's current state.
        public static let invalidState = Code(value: .invalidState)
        /// Another Facteur process holds the data directory's lock.
        public static let locked = Code(value: .locked)
        /// The master key file (config `master_key_file`) is missing, unreadable, unsafe or malformed.
        public static let masterKey = Code(value: .masterKey)
        /// A secret cannot be stored or opened: an invalid name or empty value, a wrong master key,
        /// or a stored row that was altered.
        public static let secret = Code(value: .secret)
        /// Another gateway process took over an outbox message this one was sending (its lease
        /// expired, or it was recovered): this process must stop touching the message.
        public static let leaseLost = Code(value: .leaseLost)
    }

    /// What went wrong.
    public var code: Code
    /// One line for the operator.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
